package d

r1 := "base"

r1 := 0

f3(p14) := 0 if { substring(p14, 0, 3) }

cf3 := f3(input.n)

