package d

s0 contains 0 if { every x5 in array.slice([], input.m, 0) { x5 } }

o2[substring("s", input.n, 0)] := 0

