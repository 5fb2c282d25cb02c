package d

r2 := input if { not true } else := (input.m % 0)

