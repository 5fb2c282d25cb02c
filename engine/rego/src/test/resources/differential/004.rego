package d

f0(0, 0) := object.get(0, 0, 0)

