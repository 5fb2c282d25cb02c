package d

r4 := trim_right(0, 0)

