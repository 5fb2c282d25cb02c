package d

f0(p0, 0) := "%v" if { some k3, x2 in array.slice(data.base.xs, 0, 100000000000000000000) }

cf0 := f0(2, 0)

