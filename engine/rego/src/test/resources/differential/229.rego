package d

b1 if { not (input[1] >= 0) }

