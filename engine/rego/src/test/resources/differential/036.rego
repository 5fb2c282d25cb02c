package d

o2[0] := input if { not true }

