package d

s0 contains (1 / data.base.k)

