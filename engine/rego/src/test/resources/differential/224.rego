package d

r4 := array.reverse(0)

