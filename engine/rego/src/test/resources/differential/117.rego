package d

s4 contains data.base if { not true }

