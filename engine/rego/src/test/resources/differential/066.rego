package d

r1 := contains(0, 0)

