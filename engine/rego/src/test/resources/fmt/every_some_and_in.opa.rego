package iteration

p if every x in input.xs { x > 0 }

q if {
	some i, v in input.xs
	v == i
}

r if {
	some x
	input.xs[x] == 1
}

s if not 3 in input.xs
t if "k", "v" in {"k": "v"}
