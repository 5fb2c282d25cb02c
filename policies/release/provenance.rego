package gavel.release

# Artifact digests covered by SLSA provenance from a trusted builder.
provenance_digests contains digest if {
	some att in input.verified.provenance
	att.kind == "slsa-provenance"
	att.trusted
	some digest in att.covers
}

deny contains reason(
	"provenance.missing",
	sprintf("artifact %q (%s) has no SLSA provenance from a trusted builder", [artifact.name, short(artifact.digest.sha256)]),
	"gavel.release/provenance",
) if {
	tier.provenanceRequired
	some artifact in input.model.artifacts
	not artifact.digest.sha256 in provenance_digests
}

# Provenance whose signature was altered always denies; an untrusted builder matters while
# some artifact lacks trusted provenance.
deny contains reason(
	"provenance.untrusted_builder",
	sprintf("attestation %d: %s", [i, att.detail]),
	"gavel.release/provenance",
) if {
	some i, att in input.verified.provenance
	att.kind == "slsa-provenance"
	untrusted_provenance_counts(att)
}

untrusted_provenance_counts(att) if att.status == "invalid"

untrusted_provenance_counts(att) if {
	att.status == "untrusted"
	tier.provenanceRequired
	some artifact in input.model.artifacts
	not artifact.digest.sha256 in provenance_digests
}
