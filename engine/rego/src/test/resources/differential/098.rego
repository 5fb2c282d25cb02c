package d

o0[0] := 0 if { x6 := {0: k4 | some k4, x3 in ["a,b,c", "é"]}; x7 := input[1] }

