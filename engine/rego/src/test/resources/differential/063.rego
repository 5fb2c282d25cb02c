package d

s1 contains 0

o4["10"] := s1 if { not true }

