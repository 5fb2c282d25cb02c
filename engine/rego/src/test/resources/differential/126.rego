package d

o0[[]] := 0 if { not true }

