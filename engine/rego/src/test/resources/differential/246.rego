package d

f0(p0, 0) := 10

f0(p4, 0) := ""

f3(0) := 0 if { replace("a", "base", input) = "a" }

s4 contains f3(0)

cf0 := f0("base", 0)

