package d

o1[sprintf("%.2f", [0])] := "a"

