package gavel.release_test

sig(status, covers) := {
	"format": "dsse", "status": status, "trusted": status == "trusted", "detail": "because",
	"subjects": covers, "covers": covers, "missing": [], "coversAll": false,
}

test_no_signature_is_denied if {
	codes(with_verified("signatures", [])) == {"signature.missing"}
}

test_an_invalid_signature_denies_even_next_to_a_trusted_one if {
	sigs := array.concat(good.verified.signatures, [sig("invalid", [digest_model])])
	codes(with_verified("signatures", sigs)) == {"signature.invalid"}
}

test_an_untrusted_signature_alone_is_denied if {
	codes(with_verified("signatures", [sig("untrusted", [digest_model, digest_tokenizer])])) == {"signature.untrusted"}
}

test_an_extra_untrusted_signature_is_ignored_when_trusted_ones_cover_everything if {
	sigs := array.concat(good.verified.signatures, [sig("untrusted", [digest_model])])
	codes(with_verified("signatures", sigs)) == set()
}

test_a_trusted_signature_must_cover_every_artifact if {
	codes(with_verified("signatures", [sig("trusted", [digest_model])])) == {"signature.subject_mismatch"}
}

test_untrusted_and_uncovered_reasons_are_all_listed if {
	sigs := [sig("trusted", [digest_model]), sig("untrusted", [digest_tokenizer])]
	codes(with_verified("signatures", sigs)) == {"signature.subject_mismatch", "signature.untrusted"}
}

# ---- certificate-signed signatures (keyless, private CA) and model files ----

cert_sig(status, problem, covers) := {
	"format": "model-signing", "method": "keyless", "status": status, "trusted": status == "trusted",
	"problem": problem, "detail": "because", "subjects": covers, "covers": covers, "missing": [], "coversAll": false,
}

test_each_certificate_problem_is_its_own_reason_when_nothing_else_covers_the_release if {
	every problem in ["identity_mismatch", "chain_untrusted", "expired_at_signing", "certificate_revoked"] {
		codes(with_verified("signatures", [cert_sig("untrusted", problem, [digest_model, digest_tokenizer])])) == {concat(".", ["signature", problem])}
	}
}

test_a_certificate_problem_next_to_a_trusted_signature_covering_everything_is_ignored if {
	sigs := array.concat(good.verified.signatures, [cert_sig("untrusted", "identity_mismatch", [digest_model])])
	codes(with_verified("signatures", sigs)) == set()
}

test_a_log_or_sct_failure_always_denies if {
	every problem in ["tlog_invalid", "sct_invalid"] {
		sigs := array.concat(good.verified.signatures, [cert_sig("untrusted", problem, [digest_model])])
		codes(with_verified("signatures", sigs)) == {concat(".", ["signature", problem])}
	}
}

test_a_trusted_keyless_signature_covering_everything_is_enough if {
	codes(with_verified("signatures", [cert_sig("trusted", null, [digest_model, digest_tokenizer])])) == set()
}

files(match) := {"checked": true, "match": match, "files": 2, "changed": ["model.onnx"], "missing": [], "extra": ["x.bin"],
	"problems": [], "ignored": []}

test_model_files_that_do_not_match_the_manifest_deny if {
	s := object.union(cert_sig("trusted", null, [digest_model, digest_tokenizer]), {"files": files(false)})
	input_ := with_verified("signatures", [s])
	codes(input_) == {"signature.files_mismatch"}
	d := data.gavel.release.decision with input as input_
	some r in d.deny
	r.message == "signature 0 (model-signing): the model files do not match its manifest: changed model.onnx; extra x.bin"
}

test_model_files_read_but_checked_against_no_trusted_signature_deny if {
	with_dir := object.union(good, {"verified": {"modelDirectory": {"entries": []}}})
	codes(with_dir) == {"signature.files_mismatch"}
	s := object.union(cert_sig("trusted", null, [digest_model, digest_tokenizer]), {"files": files(true)})
	codes(object.union(with_dir, {"verified": {"signatures": [s]}})) == set()
}
