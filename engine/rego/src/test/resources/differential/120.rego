package d

o4[sprintf("%.2f", [0])] := 0

