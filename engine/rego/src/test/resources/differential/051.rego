package d

r0 := (0 * "a")

