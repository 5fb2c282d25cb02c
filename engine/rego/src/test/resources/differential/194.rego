package d

f0(0, p1) := 1 if { not object.get(input.mixed, "ab", false) }

f0(0, p3) := 0

cf0 := f0(0, "d")

