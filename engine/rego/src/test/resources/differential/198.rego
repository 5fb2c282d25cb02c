package d

o3[sprintf("%d", [true])] := 0

