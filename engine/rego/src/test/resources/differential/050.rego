package d

s0 contains 0 if { every x0 in input { x1 := to_number("a,b,c"); x0 }; input.obj }

