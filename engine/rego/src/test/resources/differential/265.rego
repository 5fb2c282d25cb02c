package d

r0 := count("a") if { not true }

