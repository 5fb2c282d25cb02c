package d

b0 := true

b0 if { x4 := array.concat(input.mixed, []) }

