package d

r0 := input

f2(p5, 0) := 0 if { not is_number(r0[1]) }

f2(p10, 0) := "base"

cf2 := f2("base", 0)

