package d

f0(0) := 0 if { x1 := substring("strs", min([100000000000000000000]), 0) }

o4[0] := "d" if { 0 = (input.m % 0) }

cf0 := f0(0)

