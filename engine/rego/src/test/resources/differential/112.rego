package d

r2 := startswith(0, 0)

