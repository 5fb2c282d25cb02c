package d

s1 contains (indexof("s", "t") + input.m)

