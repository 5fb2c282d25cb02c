package t

p if {
	[a, b] := [1, input.x]
	a > 0
}
