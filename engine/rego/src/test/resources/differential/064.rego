package d

o0["base"] := sprintf("%q", [0])

