package d

f4(0) := trim_space(0)

