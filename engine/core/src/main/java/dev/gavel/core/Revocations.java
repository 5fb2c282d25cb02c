package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerRecord;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.Signer;
import dev.gavel.core.port.TimeSource;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The risk officer's use case (DESIGN 3.6): revoke a released artifact by its digest, or every
 * artifact of a decision, with a reason. The revocation is signed with Gavel's key and recorded as
 * a {@code revocation} entry before it is returned; from then on {@link ArtifactStatus} answers
 * {@code revoked} for each digest, and the release gate hands the policy the revocation as a
 * verified fact ({@link #facts}), so a new release of the digest is denied. Bad input changes
 * nothing. Thread-safe.
 */
public final class Revocations {
  private final LedgerStore ledger;
  private final Signer signer;
  private final TimeSource clock;
  private final RandomGenerator random;

  public Revocations(LedgerStore ledger, Signer signer, TimeSource clock, RandomGenerator random) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Why a well-formed revocation was refused: the decision is not in the ledger, or it released nothing. */
  public static final class Refused extends Exception {
    /** What was wrong. */
    public enum Kind { NOT_FOUND, NOTHING_RELEASED }

    private final Kind kind;

    Refused(Kind kind, String message) {
      super(message);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }

  /** A recorded revocation and where it landed. */
  public record Recorded(Revocation revocation, LedgerReceipt receipt) {}

  /**
   * Revokes artifact {@code artifact} (a sha256, optionally prefixed {@code sha256:}) or every
   * artifact of decision {@code decisionId}: exactly one of them. A digest need not have been
   * released (a known-bad digest can be revoked before anyone asks to release it).
   *
   * @throws InvalidRequestException naming the field ({@code $.artifact}, {@code $.decision}, {@code $.reason})
   */
  public Recorded revoke(String artifact, String decisionId, String reason, Revocation.Actor by)
      throws InvalidRequestException, Refused, LedgerException {
    Objects.requireNonNull(by, "by");
    List<RequestProblem> problems = new ArrayList<>();
    if ((artifact == null) == (decisionId == null)) {
      problems.add(new RequestProblem("$", "name exactly one of artifact (a sha256 digest) and decision (a decision id)"));
    }
    String hex = null;
    if (artifact != null) {
      try {
        hex = ArtifactStatus.normalise(artifact);
      } catch (IllegalArgumentException e) {
        problems.add(new RequestProblem("$.artifact", e.getMessage()));
      }
    }
    if (decisionId != null && (decisionId.isBlank() || decisionId.length() > 100)) {
      problems.add(new RequestProblem("$.decision", "must be a decision id"));
    }
    if (reason == null || reason.isBlank()) {
      problems.add(new RequestProblem("$.reason", "a revocation needs a reason (what is wrong with the artifact)"));
    } else if (reason.length() > Revocation.MAX_REASON) {
      problems.add(new RequestProblem("$.reason", "must be at most " + Revocation.MAX_REASON + " characters but has "
          + reason.length()));
    }
    if (by.identity().isBlank()) {
      problems.add(new RequestProblem("$.revokedBy", "who revokes must be named"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    List<String> artifacts;
    long decisionIndex = -1;
    if (hex != null) {
      artifacts = List.of(hex);
    } else {
      Optional<LedgerRecord> found = ledger.find("decision", decisionId);
      if (found.isEmpty()) {
        throw new Refused(Refused.Kind.NOT_FOUND, "no decision " + TerminalText.escape(decisionId) + " in the ledger "
            + ledger.description() + "; nothing was revoked");
      }
      Decision d = Decision.fromPayload(found.get().payload(), found.get().timestamp());
      decisionIndex = found.get().index();
      artifacts = d.request().artifacts().stream().map(a -> a.sha256()).filter(Revocation::isDigest).distinct().toList();
      if (!d.allow()) {
        throw new Refused(Refused.Kind.NOTHING_RELEASED, "decision " + decisionId + " denied the release, so it released "
            + "nothing to revoke; to stop its artifacts from ever being released, revoke each digest (--artifact)");
      }
      if (artifacts.isEmpty()) {
        throw new Refused(Refused.Kind.NOTHING_RELEASED, "decision " + decisionId + " names no artifact digest (masked?); "
            + "revoke each digest (--artifact)");
      }
    }
    Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
    String at = DateTimeFormatter.ISO_INSTANT.format(now);
    Revocation r = new Revocation(UuidV7.at(now, random).toString(), at, decisionId, decisionIndex, artifacts, reason.strip(), by,
        null);
    r = r.withAttestation(signer.envelope(Revocation.PAYLOAD_TYPE, r.statementBytes()));
    LedgerReceipt receipt = ledger.append("revocation", at, r.toPayload());
    return new Recorded(r, receipt);
  }

  /**
   * The revocations of {@code artifacts} (hex digests) as the policy sees them, {@code
   * input.verified.revocations}: {@code [{digest, revocationId, revokedAt, reason, revokedBy,
   * decisionId?, ledgerIndex}]}, in ledger order.
   */
  public static ArrayNode facts(LedgerReader ledger, List<String> artifacts) throws LedgerException {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (String a : artifacts.stream().filter(Revocation::isDigest).distinct().toList()) {
      for (ArtifactStatus.RevocationRef ref : ArtifactStatus.lookup(ledger, a).revocations()) {
        Revocation v = ref.revocation();
        ObjectNode f = out.addObject();
        f.put("digest", a);
        f.put("revocationId", v.revocationId());
        f.put("revokedAt", v.revokedAt());
        f.put("reason", v.reason());
        f.put("revokedBy", v.revokedBy().identity());
        if (v.decisionId() != null) {
          f.put("decisionId", v.decisionId());
        }
        f.put("ledgerIndex", ref.ledgerIndex());
      }
    }
    return out;
  }

  /** The revocation facts a recorded decision was made with (none for decisions from before revocations existed). */
  static ArrayNode recordedFacts(JsonNode verified) {
    JsonNode r = verified == null ? null : verified.get("revocations");
    return r != null && r.isArray() ? (ArrayNode) r.deepCopy() : JsonNodeFactory.instance.arrayNode();
  }
}
