package dev.gavel.http;

import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicySource;
import dev.gavel.core.port.PolicyTester;
import dev.gavel.core.port.Signer;
import dev.gavel.core.port.TimeSource;
import dev.gavel.core.port.VersionedPolicySource;
import dev.gavel.rego.EvalLimits;
import dev.gavel.runtime.ConfigurationException;
import dev.gavel.runtime.Gavel;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The ports the server runs on, taken from the composition root ({@link #of(Gavel)}) or given
 * directly (tests inject a failing ledger or policy source): the policy source and evaluator, the
 * ledger opened for appending, the signer, the server's clock, and the evaluation timeout and
 * limits the Data API applies as the release gate does, and, when the policy is governed in Git, the
 * repository and the tests an activation runs (the governance endpoints answer 409 without one).
 */
public record ServerParts(PolicySource policies, PolicyEvaluator evaluator, LedgerStore ledger, Signer signer,
    TimeSource clock, Duration evaluationTimeout, EvalLimits evaluationLimits, Optional<Repository> repository) {
  /** The policy repository governance reads revisions from, and how a revision's own tests run. */
  public record Repository(VersionedPolicySource source, PolicyTester tester) {
    public Repository {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(tester, "tester");
    }
  }

  public ServerParts {
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(evaluator, "evaluator");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(evaluationTimeout, "evaluationTimeout");
    Objects.requireNonNull(evaluationLimits, "evaluationLimits");
    Objects.requireNonNull(repository, "repository");
  }

  /** The parts of a runtime: opens its ledger for appending (creating the home and key if new). */
  public static ServerParts of(Gavel g) throws ConfigurationException, LedgerException, dev.gavel.core.port.PolicySourceException {
    Optional<Repository> repo = g.config().policyRepo() == null ? Optional.empty()
        : Optional.of(new Repository(g.repository(), g.policyTester()));
    return new ServerParts(g.policySource(), g.evaluator(), g.ledger(), g.signer(), g.clock(), g.config().evaluationTimeout(),
        g.config().evaluationLimits(), repo);
  }

  public ServerParts withLedger(LedgerStore other) {
    return new ServerParts(policies, evaluator, other, signer, clock, evaluationTimeout, evaluationLimits, repository);
  }

  public ServerParts withPolicies(PolicySource other) {
    return new ServerParts(other, evaluator, ledger, signer, clock, evaluationTimeout, evaluationLimits, repository);
  }
}
