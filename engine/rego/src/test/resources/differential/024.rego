package d

r1 := 0 if { [0] = array.reverse([]) }

b3 if { not ("base" in r1) }

