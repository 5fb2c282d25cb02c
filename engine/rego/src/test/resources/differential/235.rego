package d

s1 contains 0 if { substring("d", data.base.k, 0) with data.base.k as 100000000000000000000 }

