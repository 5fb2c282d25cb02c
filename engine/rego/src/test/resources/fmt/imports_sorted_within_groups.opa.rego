package imports

import data.a
import data.z.b
import input.x as y
import rego.v1

import data.c

p := data.a
