package d

r2 := 100000000000000000000 if { input[1] } else := input.m

s3 contains (1 / data.d.r2)

