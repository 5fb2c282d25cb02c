package gavel.release

# A canary is promoted to every user only on evidence from the canary itself (rollout.promote:
# true): a fresh monitoring report of the release's artifacts whose input drift and performance
# against the baseline stay within the tier's limits (data.gavel.config.tiers.<tier>.monitoring).
# Drift and regression deny whenever a monitoring report shows them, promotion or not.

monitoring_config := object.get(tier, "monitoring", {})

promotion if {
	input.rollout.strategy == "canary"
	input.rollout.promote == true
}

# A limit the data does not set is the strictest: a missing setting never becomes an allow.
monitoring_max_age_seconds := object.get(monitoring_config, "maxAgeDays", 0) * 86400

max_psi := object.get(monitoring_config, "maxPsi", 0)

min_ks_p_value := object.get(monitoring_config, "minKsPValue", 1)

max_regression_percent := object.get(monitoring_config, "maxRegressionPercent", 0)

monitoring_scans contains scan if {
	some scan in matching_scans
	scan.kind == "monitoring"
}

fresh_monitoring contains scan if {
	some scan in monitoring_scans
	scan.ageSeconds >= 0
	scan.ageSeconds <= monitoring_max_age_seconds
}

deny contains reason(
	"monitoring.missing",
	sprintf("promoting the canary of tier %s needs a monitoring report of the release's artifacts completed within %v days before %s; %s", [
		input.riskTier, object.get(monitoring_config, "maxAgeDays", 0), input.verified.at, monitoring_seen,
	]),
	"gavel.release/monitoring",
) if {
	promotion
	count(fresh_monitoring) == 0
}

monitoring_seen := "there is none" if {
	count(monitoring_scans) == 0
} else := sprintf("the newest is from %s", [max({s.completedAt | some s in monitoring_scans})])

deny contains reason(
	"monitoring.missing",
	sprintf("promoting the canary of tier %s needs the canary's performance against its baseline, and no fresh monitoring report states it", [input.riskTier]),
	"gavel.release/monitoring",
) if {
	promotion
	monitoring_config.performanceRequired
	count(fresh_monitoring) > 0
	not performance_measured
}

performance_measured if {
	some scan in fresh_monitoring
	count(scan.monitoring.performance) > 0
}

deny contains reason(
	"monitoring.drift",
	sprintf("input feature %q drifted in the canary (%s by %s): %s", [f.name, scan.kind, scan.tool, drift_text(f)]),
	"gavel.release/monitoring",
) if {
	some scan in fresh_monitoring
	some f in scan.monitoring.features
	drifted(f)
}

drifted(f) if f.psi > max_psi

drifted(f) if f.ksPValue < min_ks_p_value

# A statistic the limits do not speak to (Wasserstein, Jensen-Shannon...): the tool's own verdict.
drifted(f) if {
	not f.psi
	not f.ksPValue
	f.toolSaysDrifted
}

drift_text(f) := concat("; ", [t | some t in [psi_text(f), ks_text(f), tool_text(f)]; t != ""])

psi_text(f) := sprintf("PSI %v > %v", [f.psi, max_psi]) if f.psi > max_psi

else := ""

ks_text(f) := sprintf("Kolmogorov-Smirnov p-value %v < %v", [f.ksPValue, min_ks_p_value]) if f.ksPValue < min_ks_p_value

else := ""

tool_text(f) := sprintf("%s %v (the tool's threshold %v)", [f.method, f.score, f.threshold]) if {
	not f.psi
	not f.ksPValue
	f.toolSaysDrifted
} else := ""

deny contains reason(
	"monitoring.regression",
	sprintf("the canary's %s is %v against the baseline's %v (%s); tier %s allows %v%%", [
		m.metric, m.current, m.baseline, worse_text(m), input.riskTier, max_regression_percent,
	]),
	"gavel.release/monitoring",
) if {
	some scan in fresh_monitoring
	some m in scan.monitoring.performance
	regressed(m)
}

regressed(m) if m.worseningPercent > max_regression_percent

# A baseline of 0 has no percentage: any worsening is a regression.
regressed(m) if {
	not m.worseningPercent
	m.worsening > 0
}

worse_text(m) := sprintf("%v%% worse", [m.worseningPercent]) if m.worseningPercent

else := sprintf("%v worse", [m.worsening])
