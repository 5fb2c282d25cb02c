package d

o1["base"] := input[0] if { indexof("s", input.s) }

