package d

r0 := 0 if { x1 := to_number([]) }

