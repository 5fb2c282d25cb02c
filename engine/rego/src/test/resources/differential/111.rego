package d

f4(0, 0) := 0 if { x9 := endswith(0, "base") }

