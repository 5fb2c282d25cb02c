package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.ledger.ChainFailure;
import dev.gavel.ledger.DecisionAttestation;
import dev.gavel.ledger.EntryCheck;
import java.util.Optional;

/**
 * What the audits demand of a {@code decision} entry beyond its hashes: it carries a signed
 * attestation (the signature is checked by the ledger audit), and that attestation states this
 * decision: the same decision id, the same subjects (artifact names and digests), PASSED exactly
 * when the entry allows, and the same policy revision. A copied or stale attestation is caught.
 * A {@code revocation} entry is held to {@link Revocation#check}: its signed statement is the entry;
 * an {@code alert} entry likewise to {@link dev.gavel.core.alert.Alert#check}.
 */
public final class DecisionEntryCheck implements EntryCheck {
  @Override
  public Optional<ChainFailure> check(long index, JsonNode entry) {
    if ("revocation".equals(entry.path("type").asText())) {
      return Revocation.check(index, entry);
    }
    if ("alert".equals(entry.path("type").asText())) {
      return dev.gavel.core.alert.Alert.check(index, entry);
    }
    if (!"decision".equals(entry.path("type").asText())) {
      return Optional.empty();
    }
    Decision d;
    try {
      d = Decision.fromEntry(entry, "");
    } catch (IllegalArgumentException e) {
      return fail(index, "decision.unreadable", "the decision entry cannot be read: " + e.getMessage());
    }
    if (d.attestation() == null) {
      return fail(index, "attestation.missing", "the decision " + d.decisionId() + " carries no signed attestation");
    }
    DecisionAttestation a;
    try {
      a = DecisionAttestation.fromEnvelope(d.attestation());
    } catch (IllegalArgumentException e) {
      return fail(index, "attestation.mismatch", e.getMessage());
    }
    if (!a.decisionId().equals(d.decisionId())) {
      return fail(index, "attestation.mismatch", "the attestation is for decision " + a.decisionId()
          + " but the entry records decision " + d.decisionId());
    }
    if (a.passed() != d.allow()) {
      return fail(index, "attestation.mismatch", "the attestation says " + (a.passed() ? "PASSED" : "FAILED")
          + " but the entry records allow=" + d.allow());
    }
    if (!a.subjects().equals(d.request().artifacts())) {
      return fail(index, "attestation.mismatch", "the attestation's subjects " + a.subjects()
          + " are not the entry's artifacts " + d.request().artifacts());
    }
    if (!a.policyRevision().equals(d.policy().revision())) {
      return fail(index, "attestation.mismatch", "the attestation names policy " + a.policyRevision()
          + " but the entry records policy " + d.policy().revision());
    }
    return Optional.empty();
  }

  private static Optional<ChainFailure> fail(long index, String code, String message) {
    return Optional.of(new ChainFailure(index, code, message));
  }
}
