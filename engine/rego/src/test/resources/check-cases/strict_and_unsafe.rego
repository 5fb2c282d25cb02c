package t

p if {
	x := 1
	input.q == y
}

q := count(input.x) if {
	some z
	input.q == 1
}
