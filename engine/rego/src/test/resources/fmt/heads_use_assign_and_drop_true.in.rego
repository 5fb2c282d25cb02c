package heads
p = 1
f(x) = y if { y := x }
allow = true if { input.user == "admin" }
deny if true
r contains x if { x := 1 }
default d = false
