package d

r3 := sprintf("%q", [0])

