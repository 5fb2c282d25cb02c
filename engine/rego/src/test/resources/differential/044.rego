package d

o4[0] := sprintf("%.2f", [0])

