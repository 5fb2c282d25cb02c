package d

r0 := 0 if { x0 := array.concat([], input.mixed); input[1] }

