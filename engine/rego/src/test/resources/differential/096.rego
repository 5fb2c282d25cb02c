package d

r0 := 0 if { some k1, x0 in input.mixed; every x3 in array.slice([], 0, x0) { x3 } }

