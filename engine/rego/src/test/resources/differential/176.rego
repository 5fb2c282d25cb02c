package d

s1 contains "a" if { every x9 in split("strs", "ab") { not ([][0] in 0); x9 } }

