package d

r0 := 0 if { x0 := to_number(" x ") }

f4(0, p9) := "%v"

f4(0, p11) := 0

cf4 := f4(0, "base")

