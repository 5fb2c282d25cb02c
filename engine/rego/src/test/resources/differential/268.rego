package d

r0 := 0

r0 := 1

f1(0) := object.remove(i7, []) if { x8 := {e6 | some e6 in input.strs}[i7] }

cf1 := f1(0)

