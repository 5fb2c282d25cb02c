package d

r2 := 2 if { every x5 in 0 { x5 } } else := -3.25 if { x14 := indexof("s", substring("s", 0, 0)) }

