package dev.gavel.core.governance;

import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySource;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.core.port.VersionedPolicySource;
import dev.gavel.json.Json;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The policy that decides when policies are governed in Git: not the repository's head but the
 * revision governance last activated, read from its activation entry in the ledger (which holds
 * the whole policy, so deciding never needs the repository, and a remote that is down changes
 * nothing). Checked on every call, so an activation by another process takes effect at once; the
 * parsed snapshot is cached by entry index.
 */
public final class GovernedPolicySource implements PolicySource {
  private final VersionedPolicySource repo;
  private final LedgerReader ledger;
  private long cachedIndex = -1;
  private PolicySnapshot cached;

  public GovernedPolicySource(VersionedPolicySource repo, LedgerReader ledger) {
    this.repo = Objects.requireNonNull(repo, "repo");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public synchronized PolicySnapshot active() throws PolicySourceException {
    LedgerRow newest;
    try {
      newest = newestActivation();
    } catch (LedgerException e) {
      throw new PolicySourceException("cannot read the active policy revision from the ledger: " + e.getMessage(), e);
    }
    if (newest == null) {
      throw new PolicySourceException("no policy revision of " + repo.description() + " is active in this ledger yet: "
          + "`gavel policy activate --bootstrap` activates the first");
    }
    if (newest.index() != cachedIndex) {
      try {
        cached = PolicyActivation.fromPayload(Json.read(newest.canonical()).path("payload")).snapshot();
      } catch (Json.ParseException | IllegalArgumentException e) {
        throw new PolicySourceException("the activation entry " + newest.index() + " cannot be read: " + e.getMessage(), e);
      }
      cachedIndex = newest.index();
    }
    return cached;
  }

  /** The newest activation (refusals have no lookup key, so they are skipped without being parsed). */
  private LedgerRow newestActivation() throws LedgerException {
    // Pages of 8, newest first: usually the first row is the answer, and older rows (each holding
    // a whole policy) are not read at all.
    LedgerRow[] found = new LedgerRow[1];
    long[] last = {-1};
    int[] seen = new int[1];
    do {
      seen[0] = 0;
      ledger.query(new EntryQuery(Set.of("policy-activation"), null, null, null, null, last[0], true, 8), row -> {
        seen[0]++;
        last[0] = row.index();
        if (found[0] == null && row.columns().key() != null) {
          found[0] = row;
        }
      });
    } while (found[0] == null && seen[0] == 8);
    return found[0];
  }

  @Override
  public Optional<PolicySnapshot> revision(String id) throws PolicySourceException {
    if (id.equals(active().revision())) {
      return Optional.of(cached);
    }
    return Optional.of(repo.snapshot(id));
  }

  @Override
  public boolean governed() {
    return true;
  }

  @Override
  public String description() {
    return repo.description();
  }
}
