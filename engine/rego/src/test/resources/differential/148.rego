package d

o2[(input.m + 100000000000000000000)] := "base"

