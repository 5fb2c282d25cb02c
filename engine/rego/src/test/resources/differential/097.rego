package d

r1 := sprintf("%.2f", [0])

