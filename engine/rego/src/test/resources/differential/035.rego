package d

f2(p6) := 0 if { x7 := object.remove(input.nested, []); some x9 in split(input[1], "a") }

cf2 := f2("d")

