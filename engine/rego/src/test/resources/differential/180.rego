package d

r0 := input.strs if { not object.get({}, input[1], true) }

r2 := "10" if { x9 := round(max(r0)) }

