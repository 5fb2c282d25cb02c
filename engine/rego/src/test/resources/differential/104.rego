package d

r2 := 0 if { not "base" } else := (input.m - 1)

