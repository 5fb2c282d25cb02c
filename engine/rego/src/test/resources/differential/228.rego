package d

o1[0] := substring("s", 0, 100000000000000000000)

