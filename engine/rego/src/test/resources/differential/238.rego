package d

r3 := 0 if { every k11, x10 in union({input.b}) { k11; x10 } }

f5(p24, 0) := 0 if { x26 := to_number(input.strs[1]) }

cf5 := f5(10, 0)

