package d

o0[0] := 0 if { every x0 in input { x3 := trim_space(0); x0 }; input[0] }

