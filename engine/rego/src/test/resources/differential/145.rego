package d

r1 := object.filter(0, " x ")

