package d

s0 contains substring("t", 0, input.m) if { not true }

