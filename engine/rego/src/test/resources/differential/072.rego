package d

f0(p2, p3) := "%" if { x4 := object.union(input.nested, {}) }

r2 := x21 if { some x21 in data.base }

cf0 := f0("d", "d")

