package t

f(a, b) := a

g([a, b], c) := a if { c > 1 }

h(a, _) := 1
