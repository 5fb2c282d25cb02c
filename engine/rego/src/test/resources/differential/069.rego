package d

r1 := 0 if { every x9 in {0: x7 | some k8, x7 in input} { x9 } }

o2[","] := substring("a", 0, input)

