package t

r if {
	x := 1
	l := [x | x := 2]
	count(l) > 0
}
