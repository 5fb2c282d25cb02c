package t

p if {
	x := 1
	some z
	input.q == 1
}
