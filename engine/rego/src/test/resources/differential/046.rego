package d

r4 := 0 if { max(0) }

