package d

f0(0, p1) := (input.m - 2)

cf0 := f0(0, "d")

