package d

r0 := array.reverse([]) if { not true }

