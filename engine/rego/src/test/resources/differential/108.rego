package d

b0 if { object.remove(0, "") }

