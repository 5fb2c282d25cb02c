package d

f0(0) := 0

f0(0) := "base"

o2[0] := object.union({}, x6) if { some k7, x6 in data.base.names }

cf0 := f0(0)

