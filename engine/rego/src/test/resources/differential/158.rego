package d

r4 := data.base if { not true }

