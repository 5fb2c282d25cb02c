package gavel.release_test

import data.gavel.release

digest_a := concat("", ["a" | some _ in numbers.range(1, 64)])

base := {
	"apiVersion": "gavel.dev/v1",
	"kind": "ReleaseRequest",
	"requester": {"id": "ci-bot", "type": "pipeline"},
	"model": {"name": "m", "version": "1", "artifacts": [{"name": "weights", "digest": {"sha256": digest_a}}]},
	"riskTier": "minimal",
	"environment": "production",
}

codes(input_doc) := {r.code | some r in d.deny} if {
	d := release.decision with input as input_doc
}

approval(who) := {"approver": who, "role": "board", "decision": "approve", "at": "2026-01-01T00:00:00Z", "subject": {"sha256": digest_a}}

test_minimal_tier_is_allowed if {
	release.decision.allow with input as base
}

test_unacceptable_tier_is_denied if {
	codes(object.union(base, {"riskTier": "unacceptable"})) == {"tier.unacceptable"}
}

test_bad_digest_is_denied if {
	req := object.union(base, {"model": {"artifacts": [{"name": "w", "digest": {"sha256": "xyz"}}]}})
	"artifact.digest_missing" in codes(req)
}

test_high_tier_without_approvals_is_denied if {
	codes(object.union(base, {"riskTier": "high"})) == {"approval.insufficient"}
}

test_high_tier_with_two_distinct_approvers_is_allowed if {
	req := object.union(base, {"riskTier": "high", "approvals": [approval("alice"), approval("bob")]})
	release.decision.allow with input as req
}

test_same_approver_twice_counts_once if {
	req := object.union(base, {"riskTier": "high", "approvals": [approval("alice"), approval("alice")]})
	codes(req) == {"approval.insufficient"}
}

test_self_approval_is_denied_and_does_not_count if {
	req := object.union(base, {"riskTier": "high", "approvals": [approval("alice"), approval("ci-bot")]})
	codes(req) == {"approval.self_approval", "approval.insufficient"}
}

test_every_reason_is_listed if {
	req := object.union(base, {"riskTier": "unacceptable", "approvals": [approval("ci-bot")], "model": {"artifacts": [{"name": "w", "digest": {"sha256": "no"}}]}})
	codes(req) == {"tier.unacceptable", "artifact.digest_missing", "approval.self_approval"}
}
