package t

p if {
	x := 1
	input.q == 1
}
