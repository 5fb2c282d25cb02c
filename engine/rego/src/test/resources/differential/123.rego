package d

f3(0) := 0 if { some x13 in object.keys(0) }

