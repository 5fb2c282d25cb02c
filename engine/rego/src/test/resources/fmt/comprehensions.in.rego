package comprs
a := [x | x := input.xs[_]]
b := {x | some x in input.xs; x > 1}
c := {k: v | some k, v in input.o}
d := [x |
  x := input.xs[_]
  x > 2
]
