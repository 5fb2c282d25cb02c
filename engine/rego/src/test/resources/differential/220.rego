package d

s5 contains input if { not true }

