package gavel.release

# Artifact digests covered by a trusted signature.
signed_digests contains digest if {
	some sig in input.verified.signatures
	sig.trusted
	some digest in sig.covers
}

unsigned_artifacts contains artifact if {
	some artifact in input.model.artifacts
	not artifact.digest.sha256 in signed_digests
}

deny contains reason("signature.missing", "the release carries no artifact signature", "gavel.release/signatures") if {
	tier.signatureRequired
	count(input.verified.signatures) == 0
}

# An altered signature or payload always denies, whatever the tier: it is evidence of tampering.
deny contains reason(
	"signature.invalid",
	sprintf("signature %d (%s) is invalid: %s", [i, sig.format, sig.detail]),
	"gavel.release/signatures",
) if {
	some i, sig in input.verified.signatures
	sig.status == "invalid"
}

# Signatures by untrusted, revoked or expired keys matter only while some artifact lacks a trusted one.
deny contains reason(
	"signature.untrusted",
	sprintf("signature %d (%s) is not from a trusted signer: %s", [i, sig.format, sig.detail]),
	"gavel.release/signatures",
) if {
	tier.signatureRequired
	count(unsigned_artifacts) > 0
	some i, sig in input.verified.signatures
	sig.status == "untrusted"
}

deny contains reason(
	"signature.subject_mismatch",
	sprintf("artifact %q (%s) is not a subject of any trusted signature", [artifact.name, short(artifact.digest.sha256)]),
	"gavel.release/signatures",
) if {
	tier.signatureRequired
	some sig in input.verified.signatures
	sig.trusted
	some artifact in unsigned_artifacts
}
