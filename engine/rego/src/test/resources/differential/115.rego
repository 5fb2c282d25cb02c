package d

o0[10] := input if { not true }

