package d

r1 := indexof("s", input.s)

