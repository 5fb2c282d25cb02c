package gavel.release_test

import data.gavel.release

kinds := ["dependency-vulnerabilities", "model-security", "evaluation"]

scans_with(i, patch) := [s |
	some j, k in kinds
	s := object.union(scan(k), patch_if(i == j, patch))
]

patch_if(true, patch) := patch

patch_if(false, _) := {}

test_a_missing_scan_kind_is_denied if {
	codes(with_verified("scans", [scan("dependency-vulnerabilities"), scan("model-security")])) == {"scan.missing"}
}

test_minimal_tier_needs_only_the_dependency_scan if {
	req := object.union(with_verified("scans", [scan("dependency-vulnerabilities")]), {"riskTier": "minimal"})
	codes(req) == set()
}

test_a_scan_older_than_the_window_is_stale if {
	codes(with_verified("scans", scans_with(1, {"ageSeconds": (8 * 86400)}))) == {"scan.stale"}
}

test_a_scan_from_the_future_is_not_fresh if {
	codes(with_verified("scans", scans_with(0, {"ageSeconds": -60}))) == {"scan.stale"}
}

test_a_scan_of_another_artifact_is_a_mismatch_and_leaves_the_kind_missing if {
	codes(with_verified("scans", scans_with(2, {"subject": digest_other, "subjectMatches": false}))) == {
		"scan.missing",
		"scan.subject_mismatch",
	}
}

test_critical_findings_are_denied_at_every_tier if {
	counts := {"critical": 1, "high": 0, "medium": 0, "low": 0, "unknown": 0}
	req := object.union(with_verified("scans", [object.union(scan("dependency-vulnerabilities"), {"counts": counts})]), {"riskTier": "minimal"})
	codes(req) == {"scan.critical_findings"}
}

test_high_findings_thresholds_follow_the_tier if {
	counts := {"critical": 0, "high": 3, "medium": 9, "low": 0, "unknown": 0}
	scans := [object.union(scan("dependency-vulnerabilities"), {"counts": counts}), scan("model-security")]
	codes(object.union(with_verified("scans", scans), {"riskTier": "minimal"})) == set()
	codes(object.union(with_verified("scans", scans), {"riskTier": "limited"})) == set()
	codes(with_verified("scans", array.concat(scans, [scan("evaluation")]))) == {"scan.high_findings"}
}

test_findings_are_summed_over_scans if {
	counts := {"critical": 0, "high": 2, "medium": 0, "low": 0, "unknown": 0}
	scans := [object.union(scan("dependency-vulnerabilities"), {"counts": counts}), object.union(scan("model-security"), {"counts": counts})]
	codes(object.union(with_verified("scans", scans), {"riskTier": "limited"})) == {"scan.high_findings"}
}

test_thresholds_are_data if {
	counts := {"critical": 0, "high": 5, "medium": 0, "low": 0, "unknown": 0}
	req := object.union(with_verified("scans", [object.union(scan("dependency-vulnerabilities"), {"counts": counts})]), {"riskTier": "minimal"})
	codes(req) == set()
	codes(req) == {"scan.high_findings"} with data.gavel.config.tiers.minimal.maxFindings.high as 4
}

test_an_invalid_waiver_is_a_warning if {
	waiver := {"findingId": "CVE-1", "valid": false, "expired": true, "detail": ""}
	d := release.decision with input as with_verified("waivers", [waiver])
	d.allow
	{w.code | some w in d.warnings} == {"waiver.ignored"}
}

test_unknown_findings_are_limited_like_high_findings if {
	counts := {"critical": 0, "high": 0, "medium": 0, "low": 0, "unknown": 3}
	scans := [object.union(scan("dependency-vulnerabilities"), {"counts": counts}), scan("model-security")]
	codes(object.union(with_verified("scans", scans), {"riskTier": "minimal"})) == set()
	codes(object.union(with_verified("scans", scans), {"riskTier": "limited"})) == set()
	codes(with_verified("scans", array.concat(scans, [scan("evaluation")]))) == {"scan.unknown_findings"}
}

test_unknown_findings_over_the_minimal_limit_are_denied if {
	counts := {"critical": 0, "high": 0, "medium": 0, "low": 0, "unknown": 11}
	req := object.union(with_verified("scans", [object.union(scan("dependency-vulnerabilities"), {"counts": counts})]), {"riskTier": "minimal"})
	d := release.decision with input as req
	{r.code | some r in d.deny} == {"scan.unknown_findings"}
	{r.message | some r in d.deny} == {"11 findings of unknown severity (not rated by their report); tier minimal allows 10"}
}

test_the_unknown_limit_is_data if {
	counts := {"critical": 0, "high": 0, "medium": 0, "low": 0, "unknown": 1}
	req := object.union(with_verified("scans", [object.union(scan("dependency-vulnerabilities"), {"counts": counts})]), {"riskTier": "minimal"})
	codes(req) == set()
	codes(req) == {"scan.unknown_findings"} with data.gavel.config.tiers.minimal.maxFindings.unknown as 0
}

test_a_finding_limit_the_data_does_not_set_is_zero if {
	counts := {"critical": 1, "high": 1, "medium": 5, "low": 5, "unknown": 1}
	req := object.union(with_verified("scans", [object.union(scan("dependency-vulnerabilities"), {"counts": counts})]), {"riskTier": "minimal"})
	codes(req) == {"scan.critical_findings", "scan.high_findings", "scan.unknown_findings"} with data.gavel.config.tiers.minimal.maxFindings as {}
	codes(req) == {"scan.critical_findings", "scan.high_findings", "scan.unknown_findings"} with data.gavel.config.tiers.minimal as object.remove(data.gavel.config.tiers.minimal, ["maxFindings"])
}
