package d

s0 contains 0

f4(0) := data.d.s0 if { not true }

cf4 := f4(0)

