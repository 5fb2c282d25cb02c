package t

import data.lib

p if lib.f(1)
