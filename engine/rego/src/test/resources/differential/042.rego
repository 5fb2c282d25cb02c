package d

s2 contains 0 if { x17 := to_number("a") }

o4["d"] := 0 if { some x24 in {0: k23 | some k23, x22 in input} }

