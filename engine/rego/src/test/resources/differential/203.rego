package d

s0 contains 0 if { not is_object(input.b) }

