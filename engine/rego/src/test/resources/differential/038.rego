package d

f1(p1) := (1 / input.m)

cf1 := f1("base")

