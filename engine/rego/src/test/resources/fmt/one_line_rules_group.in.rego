package groups
a := 1
b := 2
c := 3

d if {
  input.x
  input.y
}
e := 4
