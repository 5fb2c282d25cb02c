package gavel.release

approval_max_age_seconds := tier.approvals.maxAgeDays * 86400

# An approval counts only when its signature verifies under the key of a board member who holds
# the stated role, its subject is an artifact of the release, and it is not too old.
sound(approval) if {
	approval.signature == "valid"
	approval.boardMember
	approval.roleHeld
	approval.subjectMatches
	approval.ageSeconds >= 0
	approval.ageSeconds <= approval_max_age_seconds
}

approvers contains approval.approver if {
	some approval in input.verified.approvals
	approval.decision == "approve"
	approval.approver != input.requester.id
	sound(approval)
}

deny contains reason(
	"approval.insufficient",
	sprintf("tier %s needs %d valid approvals from distinct board members other than the requester, got %d", [input.riskTier, tier.approvals.required, count(approvers)]),
	"gavel.release/approvals",
) if {
	count(approvers) < tier.approvals.required
}

deny contains reason(
	"approval.risk_officer_missing",
	sprintf("tier %s needs a valid approval from a risk-officer", [input.riskTier]),
	"gavel.release/approvals",
) if {
	tier.approvals.riskOfficerRequired
	not risk_officer_approved
}

risk_officer_approved if {
	some approval in input.verified.approvals
	approval.decision == "approve"
	approval.role == "risk-officer"
	approval.approver != input.requester.id
	sound(approval)
}

deny contains reason(
	"approval.self_approval",
	sprintf("requester %q approved their own release", [input.requester.id]),
	"gavel.release/approvals",
) if {
	some approval in input.verified.approvals
	approval.decision == "approve"
	approval.approver == input.requester.id
}

deny contains reason(
	"approval.not_board_member",
	sprintf("approval %d: %q is not a board member", [i, approval.approver]),
	"gavel.release/approvals",
) if {
	some i, approval in input.verified.approvals
	not approval.boardMember
}

deny contains reason(
	"approval.not_board_member",
	sprintf("approval %d: board member %q does not hold role %q", [i, approval.approver, approval.role]),
	"gavel.release/approvals",
) if {
	some i, approval in input.verified.approvals
	approval.boardMember
	not approval.roleHeld
}

deny contains reason(
	"approval.invalid_signature",
	sprintf("approval %d by %q: %s", [i, approval.approver, approval.detail]),
	"gavel.release/approvals",
) if {
	some i, approval in input.verified.approvals
	approval.boardMember
	approval.signature != "valid"
}

# Any sound rejection by a board member stops the release.
deny contains reason(
	"approval.rejected",
	sprintf("board member %q (%s) rejected this release", [approval.approver, approval.role]),
	"gavel.release/approvals",
) if {
	some approval in input.verified.approvals
	approval.decision == "reject"
	sound(approval)
}
