package d

f0(p0, p1) := 0 if { x2 := indexof("a", split(input.strs[1], "b")[0]) }

s2 contains 0 if { x10 := product(input.strs) }

cf0 := f0("base", "%")

