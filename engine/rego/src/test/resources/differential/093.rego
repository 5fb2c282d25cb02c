package d

s2 contains input if { not true }

