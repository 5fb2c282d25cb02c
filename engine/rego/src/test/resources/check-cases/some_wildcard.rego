package t

default allow := false

allow if {
	_ := input.x
	[_, y] := input.pair
	y > 1
}

v := w if {
	w := [1 | true]
	some _
}
