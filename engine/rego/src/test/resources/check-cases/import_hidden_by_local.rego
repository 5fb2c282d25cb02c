package t

import data.x as y

q if {
	y := 1
	y > 0
}
