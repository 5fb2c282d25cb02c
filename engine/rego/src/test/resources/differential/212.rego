package d

o1[1e3] := "base"

