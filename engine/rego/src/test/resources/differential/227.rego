package d

r1 := sprintf("%q", [1])

