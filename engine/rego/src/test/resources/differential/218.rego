package d

o0[0] := sort(0)

