package d

s4 contains array.slice([], sum([100000000000000000000]), 0)

