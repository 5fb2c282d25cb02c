package d

s4 contains 0 if { min(input.nums) = 1e3; data.o2 }

