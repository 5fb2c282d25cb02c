package d

r0 := input.a if { substring("t", input.n, 0) }

