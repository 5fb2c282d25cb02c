package d

b1 := true

b1 if { trim_prefix(data.base.flag, "base") }

