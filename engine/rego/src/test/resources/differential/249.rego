package d

o0[input] := 1e3

