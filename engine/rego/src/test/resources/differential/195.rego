package d

s0 contains 0 if { split("t", data.base.flag) }

r3 := 0 if { to_number(input.strs[1]) = 100000000000000000000 }

