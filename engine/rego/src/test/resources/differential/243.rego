package d

f0(p6, p7) := (set() | p7) if { not strings.replace_n({}, input[1]) }

cf0 := f0(1e3, input.strs)

