package d

s1 contains 0 if { json.filter(0, 0) }

