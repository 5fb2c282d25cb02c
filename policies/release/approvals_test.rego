package gavel.release_test

import data.gavel.release

approval_with(patch) := object.union(approval("carol", "model-owner"), patch)

test_high_tier_needs_two_approvals if {
	codes(with_verified("approvals", [approval("alice", "risk-officer")])) == {"approval.insufficient"}
}

test_high_tier_needs_a_risk_officer if {
	codes(with_verified("approvals", [approval("bob", "model-owner"), approval("carol", "model-owner")])) == {"approval.risk_officer_missing"}
}

test_one_approver_counts_once if {
	codes(with_verified("approvals", [approval("alice", "risk-officer"), approval("alice", "model-owner")])) == {"approval.insufficient"}
}

test_the_requester_cannot_approve if {
	codes(with_verified("approvals", [approval("alice", "risk-officer"), approval("ci/pipeline", "model-owner")])) == {
		"approval.insufficient",
		"approval.self_approval",
	}
}

test_a_non_member_is_named_and_not_counted if {
	outsider := approval_with({"approver": "mallory", "boardMember": false, "roleHeld": false, "signature": "unverified"})
	codes(with_verified("approvals", [approval("alice", "risk-officer"), outsider])) == {
		"approval.insufficient",
		"approval.not_board_member",
	}
}

test_a_member_without_the_stated_role_is_named if {
	pretender := approval_with({"role": "risk-officer", "roleHeld": false})
	codes(with_verified("approvals", [approval("bob", "model-owner"), pretender])) == {
		"approval.insufficient",
		"approval.not_board_member",
		"approval.risk_officer_missing",
	}
}

test_a_bad_or_missing_signature_is_named if {
	forged := approval_with({"signature": "invalid", "detail": "signature does not verify"})
	unsigned := approval_with({"approver": "dave", "signature": "missing", "detail": "not signed"})
	d := release.decision with input as with_verified("approvals", [approval("alice", "risk-officer"), forged, unsigned])
	{r.code | some r in d.deny} == {"approval.insufficient", "approval.invalid_signature"}
	count([r | some r in d.deny; r.code == "approval.invalid_signature"]) == 2
}

test_an_approval_older_than_the_window_does_not_count if {
	old := approval_with({"ageSeconds": 31 * 86400})
	codes(with_verified("approvals", [approval("alice", "risk-officer"), old])) == {"approval.insufficient"}
}

test_an_approval_of_another_artifact_does_not_count if {
	other := approval_with({"subject": digest_other, "subjectMatches": false})
	codes(with_verified("approvals", [approval("alice", "risk-officer"), other])) == {"approval.insufficient"}
}

test_a_sound_rejection_denies if {
	no := approval_with({"decision": "reject"})
	codes(with_verified("approvals", array.concat(good.verified.approvals, [no]))) == {"approval.rejected"}
}

test_a_rejection_with_a_bad_signature_is_not_a_rejection if {
	no := approval_with({"decision": "reject", "signature": "invalid"})
	codes(with_verified("approvals", array.concat(good.verified.approvals, [no]))) == {"approval.invalid_signature"}
}

test_minimal_tier_needs_no_approval if {
	req := object.union(with_verified("approvals", []), {"riskTier": "minimal"})
	codes(req) == set()
}
