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
	not explained_elsewhere(sig)
}

# A certificate or tampering problem has its own reason. (Asked through a function of the whole
# signature: `not sig.problem in ...` fails in OPA when a key-based signature has no problem field.)
explained_elsewhere(sig) if sig.problem in certificate_problems

explained_elsewhere(sig) if sig.problem in tampering_problems

# Why a certificate-signed signature (keyless or private CA) is not trusted; like an untrusted key,
# these matter only while some artifact lacks a trusted signature.
certificate_problems := {"identity_mismatch", "chain_untrusted", "expired_at_signing", "certificate_revoked"}

deny contains reason(
	concat(".", ["signature", sig.problem]),
	sprintf("signature %d (%s, %s) is not trusted: %s", [i, sig.format, sig.method, sig.detail]),
	"gavel.release/signatures",
) if {
	tier.signatureRequired
	count(unsigned_artifacts) > 0
	some i, sig in input.verified.signatures
	sig.status == "untrusted"
	sig.problem in certificate_problems
}

# A transparency-log entry or certificate timestamp that does not verify is evidence that does not
# hold together: it always denies, like an altered signature.
tampering_problems := {"tlog_invalid", "sct_invalid"}

deny contains reason(
	concat(".", ["signature", sig.problem]),
	sprintf("signature %d (%s, %s): %s", [i, sig.format, sig.method, sig.detail]),
	"gavel.release/signatures",
) if {
	some i, sig in input.verified.signatures
	sig.problem in tampering_problems
}

# When the model's files were read from disk (gavel evaluate --model-dir), they must equal the
# manifest of a trusted model signature exactly: a changed byte, an extra or a missing file denies.
deny contains reason(
	"signature.files_mismatch",
	sprintf("signature %d (%s): the model files do not match its manifest: %s", [i, sig.format, files_problems(sig.files)]),
	"gavel.release/signatures",
) if {
	some i, sig in input.verified.signatures
	sig.files.match == false
}

deny contains reason(
	"signature.files_mismatch",
	"the model files were read, but no trusted model signature's manifest was checked against them",
	"gavel.release/signatures",
) if {
	input.verified.modelDirectory
	not files_verified
	not files_mismatched
}

files_verified if {
	some sig in input.verified.signatures
	sig.trusted
	sig.files.match == true
}

files_mismatched if {
	some sig in input.verified.signatures
	sig.files.match == false
}

files_problems(f) := concat("; ", array.concat(
	[p |
		some kind in ["changed", "missing", "extra"]
		count(f[kind]) > 0
		p := sprintf("%s %s", [kind, concat(", ", f[kind])])
	],
	object.get(f, "problems", []),
))

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
