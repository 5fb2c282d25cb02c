# METADATA
# title: Gavel default release policy
# description: |
#   Answers data.gavel.release.decision for a ReleaseRequest (apiVersion gavel.dev/v1).
#   Every applicable reason is listed, not only the first. Thresholds are data
#   (data.gavel.config.tiers), so a governance board changes them without touching rules.
package gavel.release

# The decision the gate reads: allowed only when no rule denies.
decision := {
	"allow": count(deny) == 0,
	"deny": deny,
}

# Per-tier settings, with a fail-closed fallback for tiers the data does not know.
tier_config := data.gavel.config.tiers[input.riskTier]

default required_approvals := 2

required_approvals := tier_config.requiredApprovals

# An unacceptable-risk system (EU AI Act art. 5) may never be released.
deny contains reason("tier.unacceptable", "risk tier 'unacceptable' may never be released", "gavel.release/tier") if {
	input.riskTier == "unacceptable"
}

# Every artifact is identified by its sha256 digest.
deny contains reason(
	"artifact.digest_missing",
	sprintf("artifact %q has no sha256 digest", [artifact.name]),
	"gavel.release/artifacts",
) if {
	some artifact in input.model.artifacts
	not valid_digest(artifact)
}

valid_digest(artifact) if regex.match(`^[0-9a-f]{64}$`, artifact.digest.sha256)

# Approvals that count: decision "approve", one per approver, never the requester.
approvers contains approval.approver if {
	some approval in input.approvals
	approval.decision == "approve"
	approval.approver != input.requester.id
}

deny contains reason(
	"approval.insufficient",
	sprintf("tier %s needs %d approvals from distinct approvers other than the requester, got %d", [input.riskTier, required_approvals, count(approvers)]),
	"gavel.release/approvals",
) if {
	count(approvers) < required_approvals
}

deny contains reason(
	"approval.self_approval",
	sprintf("requester %q approved their own release", [input.requester.id]),
	"gavel.release/approvals",
) if {
	some approval in input.approvals
	approval.decision == "approve"
	approval.approver == input.requester.id
}

reason(code, message, policy) := {"code": code, "message": message, "policy": policy}
