package d

o0[0] := 0 if { x0 := to_number("a") }

f5(p9, p10) := 0 if { false = true } else := (0 * p9)

cf5 := f5({}, "d")

