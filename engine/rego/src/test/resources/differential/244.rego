package d

r2 := sprintf("%q", [0])

