package d

f1(p3, 0) := input[1] if { split("10", p3) }

cf1 := f1(input.strs, 0)

