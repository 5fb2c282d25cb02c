package d

s1 contains 0 if { x2 := split(0, "") }

