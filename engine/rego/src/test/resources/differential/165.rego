package d

s0 contains sprintf("%s-%v", [0])

