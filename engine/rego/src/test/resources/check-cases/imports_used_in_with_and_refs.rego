package t

import data.lib.x as lx
import data.z
import input.user
import input

p if lx.q with z.a as 1

u if user == "a"

q contains v if {
	some v in input.l
}

r[k] := v if {
	some k, v in input.m
}
