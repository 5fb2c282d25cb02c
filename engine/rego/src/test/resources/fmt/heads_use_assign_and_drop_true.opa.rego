package heads

p := 1
f(x) := y if y := x
allow if input.user == "admin"
deny := true
r contains x if x := 1

default d := false
