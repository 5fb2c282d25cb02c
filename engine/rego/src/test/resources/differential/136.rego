package d

r4 := (1 + input.m)

