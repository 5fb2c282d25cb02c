package d

s4 contains count("a") if { not true }

