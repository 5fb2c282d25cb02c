package d

r0 := 0 if { not (input[0] in 0) }

