package d

r2 := sprintf("%.2f", [0])

