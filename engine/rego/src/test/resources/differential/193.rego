package d

o1[input.s] := "base" if { intersection({data.base.k}) }

