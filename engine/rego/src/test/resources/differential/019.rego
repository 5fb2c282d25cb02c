package d

r3 := 0 if { x13 := {set() | some e11 in input}[set()]; not max(array.concat(x13, [])) }

