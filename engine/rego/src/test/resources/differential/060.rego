package d

r0 := 0 if { every x2 in array.slice([], 1e3, 0) { x2 } }

