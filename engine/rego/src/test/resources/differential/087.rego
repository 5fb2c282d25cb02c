package d

o2["1.5"] := data.base if { not true }

