package d

r1 := trim(0, 0)

