package d

o2[sprintf("%s-%v", [0])] := 0

