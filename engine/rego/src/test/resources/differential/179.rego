package d

r0 := sort([]) if { not true }

