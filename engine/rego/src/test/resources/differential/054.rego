package d

r2 := {0: k6 | some k6, x5 in input} if { not (0 <= input[0]) }

