package dev.gavel.core.alert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the server tells the {@link AnomalyDetector}: facts it already has, never a secret (a token
 * is named by its id, a caller by its address).
 */
public sealed interface Observation {
  /**
   * A decision was recorded. {@code token} is the caller's stable key; {@code evidenceDigest} the
   * sha256 of the request's evidence (scans, signatures, attestations, approvals, waivers).
   */
  record Decided(String decisionId, String model, String version, String requester, String token, String environment,
      boolean allow, List<String> reasons, String evidenceDigest) implements Observation {
    public Decided {
      Objects.requireNonNull(decisionId, "decisionId");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(requester, "requester");
      reasons = List.copyOf(reasons);
      Objects.requireNonNull(evidenceDigest, "evidenceDigest");
    }
  }

  /** An authenticated request by {@code token} (the principal's stable key). */
  record Request(String token) implements Observation {
    public Request {
      Objects.requireNonNull(token, "token");
    }
  }

  /** A request refused as unauthenticated or forbidden; {@code remote} is the caller's address. */
  record AuthFailed(String remote, String reason) implements Observation {
    public AuthFailed {
      Objects.requireNonNull(remote, "remote");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The board of the active policy revision. {@code initial}: what was active when the server
   * started (its members' joining time is unknown, so they count as long-standing).
   */
  record Board(String revision, Set<String> members, boolean initial) implements Observation {
    public Board {
      Objects.requireNonNull(revision, "revision");
      members = Set.copyOf(members);
    }
  }

  /** A board member's policy approval was recorded. */
  record Approved(String approver, String commit, String decision) implements Observation {
    public Approved {
      Objects.requireNonNull(approver, "approver");
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(decision, "decision");
    }
  }

  /**
   * The periodic ledger check. {@code failure} is null when verification passed or did not run;
   * {@code oldestUncovered} the recording time of the first entry no signed checkpoint covers
   * (null when every entry is covered).
   */
  record LedgerChecked(Failure failure, long size, long checkpointSize, Instant oldestUncovered) implements Observation {
    /** The first bad index and why, as {@code gavel ledger verify} names it. */
    public record Failure(long index, String code, String message) {
      public Failure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
      }
    }
  }
}
