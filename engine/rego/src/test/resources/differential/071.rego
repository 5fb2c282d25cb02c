package d

b1 := true

b1 if { {"A": x8 | some x8 in input} }

