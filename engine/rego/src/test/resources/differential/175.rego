package d

b0 if { not [input.missing] }

