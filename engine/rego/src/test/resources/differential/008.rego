package d

r1 := [0 | x12 := {0: "base" | x11 := [][0]}]

