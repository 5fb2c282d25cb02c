package d

r0 := data.base if { not true }

