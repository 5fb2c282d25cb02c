package d

r2 := 1 if { not lower(data.r1) }

