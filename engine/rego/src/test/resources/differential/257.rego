package d

r3 := 0 if { not 0 } else := ceil((0 - input.m))

