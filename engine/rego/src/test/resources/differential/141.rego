package d

r1 := data.base if { not true }

