package d

o2["10"] := 0 if { contains(sprintf("%.2f", [true]), input.t) }

