package d

r0 := 0 if { every x0 in [-3.25] { x1 := to_number("t"); x0 }; input[1] }

