package inl

# METADATA
# schemas:
#   - input: {type: object, properties: {ok: {type: boolean}}}
allow if input.ok

deny if input.anything

# METADATA
# schemas:
#   - input: schema.absent.here
later if input.not_checked
