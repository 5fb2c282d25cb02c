package d

s1 contains 0 if { not (input[1] in 0); x12 := (0 % 0) }

