package d

s2 contains sprintf("%.2f", [0])

