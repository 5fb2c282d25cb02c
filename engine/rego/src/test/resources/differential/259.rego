package d

o2[x4] := 0 if { some x4 in [1e3] }

