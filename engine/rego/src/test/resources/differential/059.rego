package d

r4 := indexof(0, 0)

