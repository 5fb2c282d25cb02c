package d

f1([], p6) := array.reverse(x7) if { some k8, x7 in p6 }

r3 := (0 % -3.25)

o4[0] := set()

cf1 := f1([], data.d.o4)

