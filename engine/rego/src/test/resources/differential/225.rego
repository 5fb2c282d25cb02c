package d

r0 := 0 if { input.b } else := sprintf("%s-%v", [0])

