package d

o5[sprintf("%q", [0])] := "base"

