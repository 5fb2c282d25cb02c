package d

r5 := sprintf("%s-%v", [0])

