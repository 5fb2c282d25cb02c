package d

o5[concat("", "A")] := 0

