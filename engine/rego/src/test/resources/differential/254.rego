package d

o5[input[1]] := 0 if { (0 + input.nested.a.b) }

