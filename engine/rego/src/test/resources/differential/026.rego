package d

r1 := (input.m + 1)

