package d

r1 := 0 if { every k2, x1 in {7} { not (x1 in [].a); k2 } }

