package d

f3(0) := 0 if { x11 := (0 + "a") }

