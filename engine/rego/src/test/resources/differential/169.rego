package d

r0 := input if { not true }

