package clean

import data.lib.helpers

p if helpers.ok
q := x if {
	x := input.a
}
f(a, _) := a
r if {
	some i
	input.l[i] > 1
}
s if {
	every v in input.l { v > 0 }
}
