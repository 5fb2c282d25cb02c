package d

o0[sprintf("%.2f", [0])] := 0

