package d

f1(0, 0) := array.concat(0, 0)

