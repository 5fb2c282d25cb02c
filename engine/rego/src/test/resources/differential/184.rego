package d

b3 if { not (input[1] in 0) }

