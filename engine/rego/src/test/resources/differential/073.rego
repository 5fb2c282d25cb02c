package d

f2(0, 1) := sprintf("%q", [0])

cf2 := f2(0, 1)

