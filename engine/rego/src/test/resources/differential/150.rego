package d

s1 contains input if { not true }

