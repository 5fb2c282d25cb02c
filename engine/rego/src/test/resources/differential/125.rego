package d

o3[[]] := x8 if { x8 := input[i7] }

f4(p16, p17) := 0 if { product([p16]) = 0 }

cf4 := f4(input.s, "base")

