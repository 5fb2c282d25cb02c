package d

f0(1) := 10 if { every x2 in array.slice(0, 0, "a") { 0 } }

