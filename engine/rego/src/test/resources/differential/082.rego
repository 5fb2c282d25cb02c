package d

f1(p2, p3) := 0 if { not split(input[1], "b") }

r2 := 0 if { not "base" } else := f1("base", "base")

