package d

r1 := 100000000000000000000 if { not upper(input[1]) }

