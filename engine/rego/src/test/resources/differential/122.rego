package d

r2 := (0 & 0)

