package d

r0 := input[1] if { (2.5 % 0) }

