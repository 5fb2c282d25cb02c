package t

import data.foo
import data.bar.foo

p := foo.x
