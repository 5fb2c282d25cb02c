package d

f0(0, 0) := to_number("t")

b1 if { not indexof(input[1], "a") }

o2[0] := f0(0, 0) if { data.d.b1 }

