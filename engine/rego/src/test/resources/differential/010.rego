package d

r0 := 0 if { some x1 in 0 } else := (1 / input.m)

