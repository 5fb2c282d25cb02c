package d

o2[0] := input[1] if { (input + 0) }

