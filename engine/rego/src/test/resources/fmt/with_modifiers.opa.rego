package withs

p if data.q with input as {"a": 1} with data.x as 2
r if {
	data.q with input as {}
		with data.x as 3
}
