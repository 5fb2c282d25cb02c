package d

o2[16] := input.z if { object.remove(input.nested, []) }

