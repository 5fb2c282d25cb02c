# Shared inputs for the policy tests: a high-tier request whose verified facts satisfy every
# requirement. Each test changes one thing and checks the reason codes it produces.
package gavel.release_test

import data.gavel.release

digest_model := concat("", ["a" | some _ in numbers.range(1, 64)])

digest_tokenizer := concat("", ["b" | some _ in numbers.range(1, 64)])

digest_other := concat("", ["c" | some _ in numbers.range(1, 64)])

scan(kind) := {
	"tool": "scanner", "kind": kind, "format": "gavel-summary", "subject": digest_model, "subjectMatches": true,
	"completedAt": "2026-11-29T00:00:00Z", "ageSeconds": 86400, "waived": 0, "findings": [],
	"counts": {"critical": 0, "high": 0, "medium": 0, "low": 0, "unknown": 0},
}

approval(who, role) := {
	"approver": who, "role": role, "decision": "approve", "at": "2026-11-29T00:00:00Z", "ageSeconds": 86400,
	"subject": digest_model, "subjectMatches": true, "signature": "valid", "boardMember": true, "roleHeld": true,
	"detail": "",
}

good := {
	"apiVersion": "gavel.dev/v1",
	"kind": "ReleaseRequest",
	"requester": {"id": "ci/pipeline", "type": "pipeline"},
	"model": {"name": "m", "version": "1", "artifacts": [
		{"name": "model.onnx", "digest": {"sha256": digest_model}},
		{"name": "tokenizer.json", "digest": {"sha256": digest_tokenizer}},
	]},
	"riskTier": "high",
	"environment": "production",
	"rollout": {"strategy": "canary", "initialPercent": 5},
	"verified": {
		"at": "2026-11-30T00:00:00Z",
		"artifacts": [digest_model, digest_tokenizer],
		"signatures": [{
			"format": "dsse", "status": "trusted", "trusted": true, "signer": "release-signer", "detail": "",
			"subjects": [digest_model, digest_tokenizer], "covers": [digest_model, digest_tokenizer], "missing": [],
			"coversAll": true,
		}],
		"provenance": [{
			"kind": "slsa-provenance", "status": "trusted", "trusted": true, "signer": "builder", "builderId": "builder",
			"detail": "", "subjects": [digest_model, digest_tokenizer], "covers": [digest_model, digest_tokenizer],
			"missing": [], "coversAll": true,
		}],
		"scans": [scan("dependency-vulnerabilities"), scan("model-security"), scan("evaluation")],
		"approvals": [approval("alice", "risk-officer"), approval("bob", "model-owner")],
		"waivers": [],
		"revocations": [],
	},
}

# good with input.verified.<field> replaced.
with_verified(field, value) := object.union(good, {"verified": object.union(good.verified, {field: value})})

codes(doc) := {r.code | some r in d.deny} if {
	d := release.decision with input as doc
}

test_the_complete_high_tier_request_is_allowed if {
	d := release.decision with input as good
	d.allow
	count(d.deny) == 0
}

test_unacceptable_tier_is_always_denied if {
	codes(object.union(good, {"riskTier": "unacceptable"})) == {"tier.unacceptable"}
}

test_a_tier_the_data_does_not_configure_fails_closed if {
	codes(good) == {"policy.tier_unconfigured"} with data.gavel.config.tiers as {"minimal": {}}
}

test_an_artifact_without_a_valid_digest_is_denied if {
	bad := object.union(good, {"model": {"name": "m", "version": "1", "artifacts": [
		{"name": "model.onnx", "digest": {"sha256": digest_model}},
		{"name": "tokenizer.json", "digest": {"sha256": "XYZ"}},
	]}})
	"artifact.digest_missing" in codes(bad)
}
