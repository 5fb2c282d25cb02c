package d

o1[sprintf("%s-%v", [0])] := 0

