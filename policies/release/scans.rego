package gavel.release

scan_max_age_seconds := tier.scanMaxAgeDays * 86400

# Scans whose subject is one of the release's artifacts.
matching_scans contains scan if {
	some scan in input.verified.scans
	scan.subjectMatches
}

deny contains reason(
	"scan.missing",
	sprintf("tier %s needs a %s scan of the release's artifacts and there is none", [input.riskTier, kind]),
	"gavel.release/scans",
) if {
	some kind in tier.requiredScans
	not scanned(kind)
}

scanned(kind) if {
	some scan in matching_scans
	scan.kind == kind
}

deny contains reason(
	"scan.stale",
	sprintf("no %s scan completed within %d days before %s (newest: %s)", [kind, tier.scanMaxAgeDays, input.verified.at, newest(kind)]),
	"gavel.release/scans",
) if {
	some kind in tier.requiredScans
	scanned(kind)
	not fresh(kind)
}

fresh(kind) if {
	some scan in matching_scans
	scan.kind == kind
	scan.ageSeconds >= 0
	scan.ageSeconds <= scan_max_age_seconds
}

newest(kind) := max({scan.completedAt | some scan in matching_scans; scan.kind == kind})

# A scan of something that is not released says nothing about this release: deny, so the
# pipeline attaches the right report.
deny contains reason(
	"scan.subject_mismatch",
	sprintf("scan %d (%s by %s) is of %s, which is not an artifact of this release", [i, scan.kind, scan.tool, short(scan.subject)]),
	"gavel.release/scans",
) if {
	some i, scan in input.verified.scans
	not scan.subjectMatches
}

# Findings after VEX and valid waivers, summed over the scans of the release's artifacts.
findings(severity) := sum([scan.counts[severity] | some scan in matching_scans])

# The tier's limit for a severity (data.gavel.config.tiers.<tier>.maxFindings). A limit the data
# does not set is 0: a missing setting never becomes an allow.
max_findings(severity) := object.get(object.get(tier, "maxFindings", {}), severity, 0)

deny contains reason(
	"scan.critical_findings",
	sprintf("%d critical findings; tier %s allows %d", [findings("critical"), input.riskTier, max_findings("critical")]),
	"gavel.release/scans",
) if {
	findings("critical") > max_findings("critical")
}

deny contains reason(
	"scan.high_findings",
	sprintf("%d high findings; tier %s allows %d", [findings("high"), input.riskTier, max_findings("high")]),
	"gavel.release/scans",
) if {
	findings("high") > max_findings("high")
}

# Findings the report does not rate (a CycloneDX vulnerability without ratings, a gavel-summary
# finding of severity unknown) may be as bad as any other: they have their own limit.
deny contains reason(
	"scan.unknown_findings",
	sprintf("%d findings of unknown severity (not rated by their report); tier %s allows %d", [findings("unknown"), input.riskTier, max_findings("unknown")]),
	"gavel.release/scans",
) if {
	findings("unknown") > max_findings("unknown")
}

# A waiver that does not apply is not an error, but the release engineer should know.
warnings contains reason(
	"waiver.ignored",
	sprintf("waiver %d for %s is ignored: %s", [i, waiver.findingId, waiver_problem(waiver)]),
	"gavel.release/scans",
) if {
	some i, waiver in input.verified.waivers
	not waiver.valid
}

waiver_problem(waiver) := "it has expired" if waiver.expired

else := waiver.detail
