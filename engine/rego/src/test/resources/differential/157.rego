package d

o2[input] := 0

