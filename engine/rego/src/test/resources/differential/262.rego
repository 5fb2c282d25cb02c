package d

r2 := 0 if { some x7 in array.slice([], 2.5, 0); x9 := input.z }

