package d

r4 := sprintf("%.2f", [0])

