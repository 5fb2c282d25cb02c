package d

s1 contains 10 if { array.slice([], 0, 100000000000000000000) }

r2 := 0 if { s1 }

r2 := "base"

