package d

o1[upper(0)] := 0

