package d

f2(0, 0) := 0 if { not startswith(input[1], "a") }

cf2 := f2(0, 0)

