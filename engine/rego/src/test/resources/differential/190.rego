package d

o1["1.5"] := input.a if { object.get(input.nested, 0, null) }

