package d

r2 := array.reverse(x7) if { x7 = input }

r3 := 0 if { r2 } else := indexof("é", input.s)

