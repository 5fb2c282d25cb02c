package d

o1[0] := 0 if { not (input[1] in 0) }

