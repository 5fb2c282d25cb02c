package d

r1 := {input[0]: "%v"} if { x3 := {0: x2 | some x2 in data.base} }

