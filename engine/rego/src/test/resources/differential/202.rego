package d

r3 := input[0] if { x12 := array.slice([], input.m, 0) }

