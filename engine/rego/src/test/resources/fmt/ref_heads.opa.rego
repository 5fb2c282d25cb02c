package refheads

p.q.r := 1
p.q["s t"] := 2
a.b[x] := 3 if x := "k"
