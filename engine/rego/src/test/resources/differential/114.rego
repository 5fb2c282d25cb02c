package d

r1 := indexof("a", concat("-", []))

o2[0] := data.d.r1

o3[indexof("a", input)] := 0

