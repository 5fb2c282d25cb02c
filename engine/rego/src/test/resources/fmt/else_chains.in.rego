package elses
p := 1 if input.a
else := 2 if input.b
else := 3
f(x) := "neg" if { x < 0 } else := "pos"
