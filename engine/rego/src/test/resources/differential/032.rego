package d

f0(p0, p1) := 0 if { x3 := (p1 - 7) }

s4 contains 2 if { indexof("t", "") }

cf0 := f0(s4, input.t)

