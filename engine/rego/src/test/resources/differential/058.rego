package d

f0(0) := -3.25 if { x1 := strings.replace_n(0, null) }

