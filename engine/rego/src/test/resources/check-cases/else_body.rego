package t

p := 1 if {
	x := input.a
	x > 1
} else := 2 if {
	y := input.b
}
