package d

o2[sprintf("%q", [0])] := 0

