package d

o0[substring("base", 0, -3.25)] := "%q" if { not true }

