package gavel.release_test

test_high_tier_production_needs_a_small_canary if {
	codes(object.union(good, {"rollout": {"strategy": "all-at-once"}})) == {"rollout.canary_required"}
	codes(object.union(good, {"rollout": {"strategy": "canary", "initialPercent": 25}})) == {"rollout.canary_required"}
	codes(object.union(good, {"rollout": {"strategy": "canary", "initialPercent": 10}})) == set()
}

test_a_missing_rollout_plan_is_denied_for_high_tier_production if {
	codes(object.remove(good, ["rollout"])) == {"rollout.canary_required"}
}

test_staging_needs_no_canary if {
	codes(object.union(good, {"environment": "staging", "rollout": {"strategy": "all-at-once"}})) == set()
}

test_limited_tier_may_roll_out_at_once if {
	req := object.union(good, {"riskTier": "limited", "rollout": {"strategy": "all-at-once"}})
	codes(req) == set()
}
