package d

b3 if { not object.get({}, input[1], "") }

