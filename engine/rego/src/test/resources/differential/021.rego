package d

o0[input[1]] := 0 if { some x0 in object.keys(data.base.k) }

