package gavel.release

# A revoked artifact is never released again, in any tier: a risk officer withdrew it (gavel revoke,
# POST /v1/revocations) and Gavel hands the policy the revocations the ledger holds for this
# request's artifacts as verified facts (input.verified.revocations). Revocation is final; a fixed
# model is a new artifact with a new digest.
deny contains reason(
	"artifact.revoked",
	sprintf("artifact %s (%s) was revoked at %s by %s: %s [revocation %s, ledger entry %d]", [
		artifact_name(r.digest), short(r.digest), r.revokedAt, r.revokedBy, r.reason, r.revocationId, r.ledgerIndex,
	]),
	"gavel.release/revocations",
) if {
	some r in input.verified.revocations
	r.digest in input.verified.artifacts
}

artifact_name(digest) := name if {
	some a in input.model.artifacts
	a.digest.sha256 == digest
	name := a.name
} else := "(unnamed)"
