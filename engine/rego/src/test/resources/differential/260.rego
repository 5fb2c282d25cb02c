package d

r0 := 0 if { not ("10" != replace("a", "base", input)) }

