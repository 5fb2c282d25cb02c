package d

r1 := 0 if { x2 := array.slice([], 0, product([100000000000000000000])) }

