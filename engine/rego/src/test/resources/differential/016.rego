package d

r4 := 10 if { (1 in {0: "a"}) }

