package d

r1 := "base" if { 0 = 1 } else := input if { not true }

