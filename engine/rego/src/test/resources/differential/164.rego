package d

r0 := sprintf("%d", [true])

