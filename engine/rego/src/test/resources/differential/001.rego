package d

s2 contains trim_left("base", 0)

