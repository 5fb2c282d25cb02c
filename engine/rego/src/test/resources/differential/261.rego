package d

o1[input[1]] := 0 if { some x3 in array.slice([], -3.25, 0) }

r3 := "A"

r3 := "base"

