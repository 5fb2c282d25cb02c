package d

f0(0) := ""

r1 := 100000000000000000000 if { not f0(input.z) }

