package d

r2 := input.nums if { array.slice([], 0, input.m) }

