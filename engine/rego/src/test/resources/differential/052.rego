package d

f2("ab") := replace("base", "base", 0)

