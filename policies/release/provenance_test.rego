package gavel.release_test

import data.gavel.release

provenance(status, covers) := {
	"kind": "slsa-provenance", "status": status, "trusted": status == "trusted", "detail": "builder mismatch",
	"builderId": "someone", "subjects": covers, "covers": covers, "missing": [], "coversAll": false,
}

test_high_tier_without_provenance_is_denied_once_per_artifact if {
	d := release.decision with input as with_verified("provenance", [])
	{r.code | some r in d.deny} == {"provenance.missing"}
	count(d.deny) == 2
}

test_provenance_from_an_untrusted_builder_is_named if {
	codes(with_verified("provenance", [provenance("untrusted", [digest_model, digest_tokenizer])])) == {
		"provenance.missing",
		"provenance.untrusted_builder",
	}
}

test_altered_provenance_denies_even_when_covered if {
	provs := array.concat(good.verified.provenance, [provenance("invalid", [digest_model])])
	codes(with_verified("provenance", provs)) == {"provenance.untrusted_builder"}
}

test_other_attestations_do_not_count_as_provenance if {
	other := object.union(good.verified.provenance[0], {"kind": "other"})
	codes(with_verified("provenance", [other])) == {"provenance.missing"}
}

test_limited_tier_does_not_need_provenance if {
	req := object.union(with_verified("provenance", []), {"riskTier": "limited"})
	codes(req) == set()
}
