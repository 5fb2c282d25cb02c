package d

b0 if { not (input.m in 0) }

