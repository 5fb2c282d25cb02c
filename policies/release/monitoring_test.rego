package gavel.release_test

feature(name, psi, ks) := {"name": name, "psi": psi, "ksPValue": ks, "method": "PSI", "score": psi, "threshold": 0.1, "toolSaysDrifted": false}

metric(name, baseline, current, percent) := {
	"metric": name, "baseline": baseline, "current": current, "higherIsBetter": true,
	"worsening": max([0, baseline - current]), "worseningPercent": percent,
}

monitoring_scan(features, performance) := object.union(scan("monitoring"), {
	"tool": "evidently", "format": "evidently-json", "ageSeconds": 3600,
	"monitoring": {"features": features, "featureCount": count(features), "toolDriftedCount": 0, "performance": performance},
})

healthy := monitoring_scan([feature("income", 0.04, 0.41), feature("age", 0.02, 0.77)], [metric("f1", 0.82, 0.818, 0.243902)])

# The high-tier request asking to promote its canary, with the given monitoring scans added.
promote(scans) := object.union(with_verified("scans", array.concat(good.verified.scans, scans)), {
	"rollout": {"strategy": "canary", "promote": true},
})

test_a_promotion_on_healthy_evidence_is_allowed if {
	codes(promote([healthy])) == set()
}

test_a_promotion_without_monitoring_is_denied if {
	codes(promote([])) == {"monitoring.missing"}
}

test_a_stale_report_does_not_count if {
	stale := object.union(healthy, {"ageSeconds": 4 * 86400})
	codes(promote([stale])) == {"monitoring.missing"}
}

test_a_report_dated_after_the_evaluation_does_not_count if {
	codes(promote([object.union(healthy, {"ageSeconds": -60})])) == {"monitoring.missing"}
}

test_a_report_of_another_model_does_not_count if {
	other := object.union(healthy, {"subject": digest_other, "subjectMatches": false})
	codes(promote([other])) == {"monitoring.missing", "scan.subject_mismatch"}
}

test_high_tier_promotion_needs_performance if {
	codes(promote([monitoring_scan([feature("income", 0.04, 0.41)], [])])) == {"monitoring.missing"}
}

test_limited_tier_promotion_needs_no_performance if {
	req := object.union(promote([monitoring_scan([feature("income", 0.04, 0.41)], [])]), {"riskTier": "limited"})
	codes(req) == set()
}

test_psi_above_the_tier_limit_is_drift if {
	codes(promote([monitoring_scan([feature("income", 0.31, 0.41)], [metric("f1", 0.82, 0.82, 0)])])) == {"monitoring.drift"}
}

test_psi_at_the_limit_is_not_drift if {
	codes(promote([monitoring_scan([feature("income", 0.1, 0.41)], [metric("f1", 0.82, 0.82, 0)])])) == set()
}

test_a_small_ks_p_value_is_drift if {
	codes(promote([monitoring_scan([feature("age", 0.01, 0.001)], [metric("f1", 0.82, 0.82, 0)])])) == {"monitoring.drift"}
}

test_limits_are_per_tier if {
	# PSI 0.15 is drift for tier high (0.1) but not for limited (0.2)
	scans := [monitoring_scan([feature("income", 0.15, 0.41)], [])]
	codes(object.union(promote(scans), {"riskTier": "limited"})) == set()
	"monitoring.drift" in codes(promote(scans))
}

test_each_drifted_feature_is_named if {
	d := data.gavel.release.decision with input as promote([monitoring_scan(
		[feature("income", 0.31, 0.41), feature("age", 0.02, 0.001), feature("zip", 0.01, 0.9)],
		[metric("f1", 0.82, 0.82, 0)],
	)])
	msgs := {r.message | some r in d.deny; r.code == "monitoring.drift"}
	count(msgs) == 2
	some m in msgs
	contains(m, "income")
	contains(m, "PSI 0.31 > 0.1")
}

test_another_statistic_uses_the_tools_verdict if {
	wasserstein := {"name": "amount", "method": "Wasserstein distance (normed)", "score": 0.2, "threshold": 0.1, "toolSaysDrifted": true}
	codes(promote([monitoring_scan([wasserstein], [metric("f1", 0.82, 0.82, 0)])])) == {"monitoring.drift"}
	calm := object.union(wasserstein, {"score": 0.05, "toolSaysDrifted": false})
	codes(promote([monitoring_scan([calm], [metric("f1", 0.82, 0.82, 0)])])) == set()
}

test_a_regression_beyond_the_tier_limit_is_denied if {
	codes(promote([monitoring_scan([feature("income", 0.04, 0.41)], [metric("f1", 0.82, 0.79, 3.658537)])])) == {"monitoring.regression"}
}

test_a_regression_within_the_limit_is_allowed if {
	codes(promote([monitoring_scan([feature("income", 0.04, 0.41)], [metric("f1", 0.82, 0.815, 0.609756)])])) == set()
}

test_a_worsening_from_a_zero_baseline_is_a_regression if {
	zero := {"metric": "errors", "baseline": 0, "current": 3, "higherIsBetter": false, "worsening": 3}
	codes(promote([monitoring_scan([feature("income", 0.04, 0.41)], [zero])])) == {"monitoring.regression"}
}

test_drift_denies_a_release_that_is_not_a_promotion if {
	req := with_verified("scans", array.concat(good.verified.scans, [monitoring_scan([feature("income", 0.5, 0.41)], [])]))
	codes(req) == {"monitoring.drift"}
}

test_a_tier_without_monitoring_limits_fails_closed if {
	codes(promote([healthy])) == {"monitoring.missing"} with data.gavel.config.tiers.high as object.remove(data.gavel.config.tiers.high, ["monitoring"])
}

test_a_promotion_satisfies_the_canary_plan if {
	not "rollout.canary_required" in codes(promote([healthy]))
	"rollout.canary_required" in codes(object.union(good, {"rollout": {"strategy": "all-at-once", "promote": true}}))
}
