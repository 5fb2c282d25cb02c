package d

s0 contains 0 if { x5 := union(0) }

