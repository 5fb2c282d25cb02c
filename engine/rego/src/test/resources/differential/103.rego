package d

s2 contains sprintf("%s-%v", [0])

