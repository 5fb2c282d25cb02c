package t

p := $"a {x}" if {
	x := 1
}

q if {
	x := input.a
	not x
}

s if {
	a := 1
	b := {a: 2}
	count(b) > 0
}

r if {
	some j
	input.m[j] with input.k as j
}
