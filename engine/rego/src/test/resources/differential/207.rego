package d

r0 := "base" if { not contains(input[1], "%s-%v") }

