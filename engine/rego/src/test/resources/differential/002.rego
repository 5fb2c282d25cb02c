package d

f0("A", 0) := 0 if { [x2] = 0 }

