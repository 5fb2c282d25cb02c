package d

r0 := "strs"

r0 := 0 if { every x0 in array.slice([], 0, 100000000000000000000) { x0 } }

