package d

s1 contains sprintf("%d", [true])

