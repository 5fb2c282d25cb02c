package d

r4 := indexof("t", substring("s", 1, 3))

