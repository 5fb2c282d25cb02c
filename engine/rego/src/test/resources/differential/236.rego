package d

s1 contains 0 if { not substring("d", 0, input[0]) }

