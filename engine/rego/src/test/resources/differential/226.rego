package d

f2(0) := data.base if { not true }

cf2 := f2(0)

