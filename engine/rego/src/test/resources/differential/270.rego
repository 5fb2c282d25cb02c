package d

r0 := input.a if { x4 := indexof("t", input.s) }

