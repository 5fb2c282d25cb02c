package d

o0["1.5"] := 0 if { x3 := (2.5 % "a") }

