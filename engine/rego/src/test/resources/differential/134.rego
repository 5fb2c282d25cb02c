package d

b0 := true

b0 if { x5 := union({{"a" | some e3 in input}})[i4]; x6 := substring("a", i4, 0) }

