package t

o := {k: v | some k; v := input.m[k]; n := 1}
