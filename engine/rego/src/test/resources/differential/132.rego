package d

f3(p14) := input[1] if {  } else := sprintf("%.2f", [null])

cf3 := f3("base")

