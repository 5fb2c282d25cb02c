package d

s1 contains data.base if { not true }

