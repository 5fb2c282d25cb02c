package d

r2 := [{}] if { not strings.replace_n({}, input[1]) }

r5 := 0 if { x17 := input[1] } else := 0 if { x18 := product(array.reverse(r2)) }

