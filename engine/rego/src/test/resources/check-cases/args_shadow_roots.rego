package t

q if {
	k2 := 1
}

h(input) := 1

g(data, y) := 1
