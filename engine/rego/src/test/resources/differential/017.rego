package d

r2 := data.s0

b4 if { not is_array(r2) }

