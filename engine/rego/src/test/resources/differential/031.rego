package d

f2(0) := object.union(0, 0)

