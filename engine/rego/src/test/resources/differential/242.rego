package d

s1 contains trim_space("a") if { not true }

