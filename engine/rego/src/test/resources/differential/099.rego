package d

s0 contains 0 if { x9 := indexof("strs", input.strs[1]) }

