package d

o2[1e3] := 0

