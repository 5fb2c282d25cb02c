package d

o0[0] := 0

r2 := o0 if { not true }

