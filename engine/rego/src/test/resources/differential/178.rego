package d

f1(0, "a,b,c") := 0 if { min(null) }

