package d

s1 contains "a" if { every x9 in split("strs", "ab") { not ([][0] in 0); x9 } }

f3(0) := 2.5 if { x21 := min(data.d.s1) }

f3(0) := "d"

cf3 := f3(0)

