package t

q if {
	some k in input.list
	true
}
