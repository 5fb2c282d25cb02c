package d

f3(0) := sprintf("%.2f", [0])

cf3 := f3(0)

