package bodies
p if { x := 1; y := 2; x < y }
q if {
    input.a


    input.b
}
r if input.c
