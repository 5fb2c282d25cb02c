package d

f2(p1, 0) := "%x" if { every k4, x3 in object.union(p1, {}) { k4; x3 }; x7 := input[1] }

f2(0, 0) := ","

cf2 := f2(100000000000000000000, 0)

