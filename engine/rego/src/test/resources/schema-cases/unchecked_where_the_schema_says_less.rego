package u

r if {
	input.any.y == 1
	input.open.whatever == 1
	some v in input.l
	v.k == "a"
	k := "user"
	input[k].name == "x"
	x := [n | n := input.user.name]
	count(x) > 0
}
