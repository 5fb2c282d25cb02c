package d

r3 := sum(0)

