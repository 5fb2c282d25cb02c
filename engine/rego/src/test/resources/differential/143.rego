package d

o2[format_int("a", 16)] := 0

