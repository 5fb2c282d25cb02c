package d

o0[null] := 1e3

r1 := array.slice([], 0, object.get(data.d.o0, null, 2))

