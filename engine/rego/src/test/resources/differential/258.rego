package d

s2 contains data.base if { not true }

