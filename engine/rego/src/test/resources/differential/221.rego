package d

o0[[]] := 0 if { x1 := {"base": x0 | some x0 in input}; (0 == input) }

o0[concat("-", input.strs)] := "base"

