package d

f1(0) := -1 if { object.get({"a,b,c": x3 | some k4, x3 in input}, input[1], 2.5) }

cf1 := f1(0)

