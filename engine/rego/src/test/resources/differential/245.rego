package d

b4 if { not replace("10", input[1], "ab") }

