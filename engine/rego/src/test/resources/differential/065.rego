package d

f1(0, 0) := count(0)

