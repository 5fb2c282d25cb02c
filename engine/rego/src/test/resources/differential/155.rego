package d

r1 := intersection(0)

