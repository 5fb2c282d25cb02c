package d

r2 := 0 if { not trim_right("a", input[1]) }

