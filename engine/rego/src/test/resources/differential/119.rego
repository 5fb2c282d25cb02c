package d

o1["%v"] := input[0] if { x5 := object.remove(input.nested, []) }

