package d

r5 := data.base if { not true }

