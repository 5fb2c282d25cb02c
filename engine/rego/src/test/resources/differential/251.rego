package d

b3 if { substring("t", 0, input.m) = input[1] }

