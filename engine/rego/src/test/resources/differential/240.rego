package d

o1["%"] := sprintf("%x", [2.5])

