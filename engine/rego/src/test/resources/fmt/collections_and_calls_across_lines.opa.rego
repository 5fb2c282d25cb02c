package collections

a := [
	1, 2,
	3,
]

o := {
	"a": 1,
	"b": [1, 2], "c": {"d": set()},
}

s := {1, 2, 3}
c := concat(",", [
	"x",
	"y",
])

e := []
f := {}
