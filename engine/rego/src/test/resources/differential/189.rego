package d

f0(0, p1) := 0 if { x2 := indexof("%s-%v", "") }

cf0 := f0(0, "base")

