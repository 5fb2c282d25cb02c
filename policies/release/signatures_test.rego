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
