package d

o0[0] := 0 if { x0 := object.get(object.union_n([input.obj]), input.n, 2.5) }

