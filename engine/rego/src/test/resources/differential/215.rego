package d

s1 contains "%" if { not format_int(input[0], 2) }

