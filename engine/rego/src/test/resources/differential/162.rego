package d

r0 := 0 if { x0 := trim_space(input.t); 0 = input }

