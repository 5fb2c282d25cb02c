package d

o0[sprintf("%q", [null])] := 0

