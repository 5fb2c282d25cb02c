package d

r1 := 0 if { every x9 in 0 { x9 } } else := 0 if { x11 := indexof("1.5", "") }

