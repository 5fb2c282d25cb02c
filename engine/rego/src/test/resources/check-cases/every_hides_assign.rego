package t

t if {
	u := 1
	every u in input.l { u > 1 }
}

s if {
	n := 2
	every v in input.l { v > n }
}
