package gavel.release

# High-risk models reach production through a small canary first.
deny contains reason(
	"rollout.canary_required",
	sprintf("tier %s must roll out to production as a canary starting at no more than %d%%, got %s", [input.riskTier, tier.production.maxInitialPercent, rollout_text]),
	"gavel.release/rollout",
) if {
	tier.production.canaryRequired
	input.environment == "production"
	not small_canary
}

small_canary if {
	input.rollout.strategy == "canary"
	input.rollout.initialPercent <= tier.production.maxInitialPercent
}

# Promoting a canary to every user is the canary plan's last step; monitoring.rego decides on its evidence.
small_canary if promotion

rollout_text := "a canary promotion" if {
	promotion
} else := sprintf("%s at %v%%", [input.rollout.strategy, input.rollout.initialPercent]) if {
	input.rollout.initialPercent
} else := input.rollout.strategy if {
	input.rollout.strategy
} else := "no rollout plan"
