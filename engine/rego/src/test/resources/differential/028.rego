package d

o1["-"] := input[1] if { x2 := object.union_n([input.obj]) }

