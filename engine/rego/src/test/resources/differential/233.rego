package d

r1 := 0 if { not [input[1]] }

