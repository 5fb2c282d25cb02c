package d

s2 contains 0 if { abs("a") }

