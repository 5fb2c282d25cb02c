package d

r3 := input if { not true }

