package t

q := x if {
	x := 1
}

r if {
	y := 1
	s := [z | z := y]
	count(s) > 0
}

w if {
	m := 1
	input.v == 2 with input.z as m
}
