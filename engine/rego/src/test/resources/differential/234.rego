package d

f1(p6) := 0 if { not indexof("é", input[1]) }

cf1 := f1("1.5")

