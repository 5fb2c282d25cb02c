package d

r0 := substring("t", 0, 100000000000000000000)

