package t

g(x) := 1 if {
	some y
	y := x
}

h(x) := 1 if {
	y := 1
	y := x
}
