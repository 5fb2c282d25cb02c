package d

f2(0) := 0 if { every k15, x14 in object.union_n(0) { 0 } }

