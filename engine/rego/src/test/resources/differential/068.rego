package d

o2[0] := sprintf("%.2f", [0])

