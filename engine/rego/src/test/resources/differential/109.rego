package d

b5 if { not (strings.replace_n({}, input) < 0) }

