package d

r2 := split("ab", "%.2f") if { not true }

