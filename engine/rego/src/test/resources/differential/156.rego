package d

r0 := 0 if { every k3, x2 in {7} { x2; not ([][0] >= 0); k3 } }

