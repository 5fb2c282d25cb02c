package t

import data.foo
import input.x as y
import data.a["b-c"]

p := 1
