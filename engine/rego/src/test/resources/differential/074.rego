package d

s3 contains 0 if { not (substring("base", -1, 0) == ",") }

