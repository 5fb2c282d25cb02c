package imports

import future.keywords.in
import rego.v1
import data.z.b
import data.a
import input.x as y

import data.c


p := data.a
