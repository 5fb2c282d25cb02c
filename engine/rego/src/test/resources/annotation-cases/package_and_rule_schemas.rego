# METADATA
# schemas:
#   - input: schema.sub.req
package an

allow if {
	input.user.nme == "a"
}

# METADATA
# schemas:
#   - input.user: {type: object, properties: {id: {type: string}}}
deny if {
	input.user.name == "a"
}

other if input.whatever

fine if input.action == "read"
