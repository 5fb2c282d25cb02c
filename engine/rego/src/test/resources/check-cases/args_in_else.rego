package t

f(x) := 1 if { x > 1 } else := 2

g(x) := 1 if { true } else := x
