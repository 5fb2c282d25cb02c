package q

p := input.zz

f(x) := input.l[0].kk if x

r if {
	input.a.c == 1
	input.l[_].j == 1
	input.l[_]["with-dash"] > 1
	input.l[1]["no-dash"] > 1
	input.n.x == 1
	input.a.b.c == 1
	input.x == 1 with input as {}
}
