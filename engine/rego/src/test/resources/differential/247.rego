package d

r0 := 0 if { "a" = substring("t", 100000000000000000000, 0) }

