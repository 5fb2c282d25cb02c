package d

b3 if { substring("t", input.nums[0], 0) = input[1] }

