package d

o0[0] := 0 if { every x2 in data.base { not ([].t > "base"); x2 } }

