package d

r2 := null if { not object.union({}, input.obj) }

