package d

o0[0] := 0 if { some k1, x0 in array.slice([], 0, input.m); x2 := input.b }

