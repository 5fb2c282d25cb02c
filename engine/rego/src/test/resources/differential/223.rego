package d

r2 := 0

r2 := 1 if { indexof("t", input.strs[1]) }

