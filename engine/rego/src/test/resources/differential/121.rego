package d

r1 := input.a if { json.filter(input.nested, []) }

