package t

p if {
	input := 1
}

q if {
	data := 2
}

input := 3
