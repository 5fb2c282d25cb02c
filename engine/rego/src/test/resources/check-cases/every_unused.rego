package t

s if {
	every x in input.l { true }
}

t if {
	every k, v in input.l { v > 1 }
}
