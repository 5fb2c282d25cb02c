package d

o1[sprintf("%q", [0])] := 0

