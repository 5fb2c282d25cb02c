package p

allow if {
	input.user.nme == "a"
	input.action == "read"
	input.acton == 1
	input.user.roles[_] == "admin"
	input.user.name > 3
}
