package d

r1 := indexof("", input.s)

