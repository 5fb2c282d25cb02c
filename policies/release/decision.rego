# METADATA
# title: Gavel default release policy
# description: |
#   Answers data.gavel.release.decision for a ReleaseRequest (apiVersion gavel.dev/v1).
#   The policy reads only facts Gavel verified in Java (input.verified); every applicable
#   reason is listed, not only the first. Requirements, thresholds and windows are data
#   (data.gavel.config.tiers), so a governance board changes them without touching rules.
package gavel.release

# The decision the gate reads: allowed only when no rule denies.
decision := {
	"allow": count(deny) == 0,
	"deny": deny,
	"warnings": warnings,
}

# The requirements for the request's tier; undefined when the data does not configure it.
tier := data.gavel.config.tiers[input.riskTier]

# An unacceptable-risk system (EU AI Act art. 5) may never be released, whatever the data says.
deny contains reason("tier.unacceptable", "risk tier 'unacceptable' may never be released", "gavel.release/tier") if {
	input.riskTier == "unacceptable"
}

# Fail closed when the board's data has no requirements for this tier.
deny contains reason(
	"policy.tier_unconfigured",
	sprintf("data.gavel.config.tiers has no requirements for tier %q", [input.riskTier]),
	"gavel.release/tier",
) if {
	not data.gavel.config.tiers[input.riskTier]
}

# Every artifact is identified by its sha256 digest (the schema checks it too: defence in depth).
deny contains reason(
	"artifact.digest_missing",
	sprintf("artifact %q has no sha256 digest", [artifact.name]),
	"gavel.release/artifacts",
) if {
	some artifact in input.model.artifacts
	not sha256_named(artifact)
}

# (A function of the whole artifact: `not regex.match(..., artifact.digest.sha256)` fails in OPA,
# and so denies nothing, when the digest is missing, because OPA evaluates a negated call's
# reference operands before the negation; Gavel does the same.)
sha256_named(artifact) if regex.match(`^[0-9a-f]{64}$`, artifact.digest.sha256)

reason(code, message, policy) := {"code": code, "message": message, "policy": policy}

# Short display form of a digest.
short(digest) := concat("", ["sha256:", substring(digest, 0, 12)])
