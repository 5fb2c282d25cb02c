package d

f2(0) := "base" if { x10 := product(0) }

