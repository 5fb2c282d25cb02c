package t

p if { any([true]) }
