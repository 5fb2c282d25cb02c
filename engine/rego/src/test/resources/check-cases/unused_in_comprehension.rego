package t

s contains t if {
	t := [u | u := 1; w2 := 3]
}
