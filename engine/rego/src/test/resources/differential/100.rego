package d

o2["base"] := (max(data.base.xs) * (data.base.k / 10))

