package d

f0("", p4) := input[0] if { object.get(p4, 0, 0) }

cf0 := f0("", input.nested.a.b)

