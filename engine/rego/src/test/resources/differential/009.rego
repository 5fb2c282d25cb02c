package d

f2("ab", "%") := 0

cf2 := f2(0, "base")

