package d

o3[trim_suffix(0, 0)] := 0

