package d

f5(p16) := sprintf("%.2f", ["base"])

cf5 := f5(2)

