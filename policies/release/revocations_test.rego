package gavel.release_test

revocation(digest) := {
	"digest": digest, "revocationId": "01a3c0de-0000-7000-8000-000000000001", "revokedAt": "2026-11-30T10:00:00Z",
	"reason": "poisoned training data", "revokedBy": "risk@example.com", "ledgerIndex": 7,
}

test_a_revoked_artifact_is_denied if {
	codes(with_verified("revocations", [revocation(digest_model)])) == {"artifact.revoked"}
}

test_each_revoked_artifact_is_named if {
	req := with_verified("revocations", [revocation(digest_model), revocation(digest_tokenizer)])
	d := data.gavel.release.decision with input as req
	msgs := {r.message | some r in d.deny; r.code == "artifact.revoked"}
	count(msgs) == 2
	some m in msgs
	contains(m, "model.onnx")
	contains(m, "poisoned training data")
	contains(m, "ledger entry 7")
}

test_no_revocation_no_denial if {
	codes(with_verified("revocations", [])) == set()
}

test_a_revocation_of_another_digest_does_not_deny if {
	codes(with_verified("revocations", [revocation(digest_other)])) == set()
}

test_revocation_denies_in_every_tier if {
	req := object.union(with_verified("revocations", [revocation(digest_model)]), {"riskTier": "minimal"})
	"artifact.revoked" in codes(req)
}
