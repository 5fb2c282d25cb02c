package d

r1 := (1 / input.m)

