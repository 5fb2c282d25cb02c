package d

s1 contains sprintf("%.2f", ["base"])

