package d

r1 := sprintf("%s-%v", [0])

