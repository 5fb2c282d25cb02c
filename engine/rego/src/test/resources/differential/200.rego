package d

o1[[]] := 0 if { not true }

