package d

r0 := 0 if { input[1] } else := 0 if { every x0 in array.slice([], 0, 1e3) { x0 } }

r0 := "base"

