package d

s5 contains "d" if { x27 := substring("a", 1e3, 0) }

