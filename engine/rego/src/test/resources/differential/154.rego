package d

f1(0, 1) := true if { "base" = ("a" - 1e3) }

