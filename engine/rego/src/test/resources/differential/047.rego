package d

f1(0, 0) := substring(0, 1e3, 0)

