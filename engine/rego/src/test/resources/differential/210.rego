package d

r1 := input if { not true }

