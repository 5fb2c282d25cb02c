package d

f0(p0) := 0 if { not (input[1] in 0) }

cf0 := f0(100000000000000000000)

