package d

r0 := sprintf("%.2f", ["Hello World"])

