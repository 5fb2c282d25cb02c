package d

o0[0] := 0

s2 contains o0 if { not true }

