package t

p if {
	some z
	input.q == 1
}
