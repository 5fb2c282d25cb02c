package dev.gavel.runtime;

import dev.gavel.bundles.BundlePolicySource;
import dev.gavel.core.NoteKeySigner;
import dev.gavel.bundles.DirectoryPolicySource;
import dev.gavel.bundles.VerificationConfig;
import dev.gavel.core.DecisionReplay;
import dev.gavel.core.ReleaseGate;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicySource;
import dev.gavel.core.port.TimeSource;
import dev.gavel.core.governance.GovernedPolicySource;
import dev.gavel.core.governance.Governance;
import dev.gavel.core.governance.ImpactAnalysis;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.core.port.PolicyTester;
import dev.gavel.core.port.VersionedPolicySource;
import dev.gavel.embedded.EmbeddedEvaluator;
import dev.gavel.embedded.EmbeddedPolicyTests;
import dev.gavel.git.GitPolicySource;
import dev.gavel.git.RemoteAccess;
import dev.gavel.ledger.NoteKey;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.store.JdbcLedgerStore;
import java.io.IOException;
import dev.gavel.store.LedgerCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The composition root: from a {@link GavelConfig} it builds the policy source, the evaluator,
 * the ledger store and the signing key, and wires the use cases. Everything is built when first
 * asked for and closed with this object. The CLI and the server are thin shells over it; neither
 * names a concrete adapter.
 */
public final class Gavel implements AutoCloseable {
  private final GavelConfig config;
  private final TimeSource clock;
  private final KeyCustody keys;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private PolicySource policies;
  private GitPolicySource repo;
  private EmbeddedEvaluator embedded;
  private PolicyEvaluator evaluator;
  private LedgerStore appendable;
  private LedgerStore readable;
  private NoteKeySigner signer;

  private Gavel(GavelConfig config, TimeSource clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = new KeyCustody(config.home(), config.keyCustody());
  }

  /** A runtime for {@code config} on the system clock. Nothing is opened yet. */
  public static Gavel start(GavelConfig config) {
    return new Gavel(config, Instant::now);
  }

  /** A runtime for {@code config} on {@code clock} (the server's clock; tests pass a fixed one). */
  public static Gavel start(GavelConfig config, TimeSource clock) {
    return new Gavel(config, clock);
  }

  /** The clock decisions are made and recorded at. */
  public TimeSource clock() {
    return clock;
  }

  /**
   * The signer decisions and checkpoints are signed with (opens the ledger for appending, like
   * {@link #releaseGate()}); for services that build the release gate around wrapped ports. The
   * key itself never leaves it.
   */
  public synchronized dev.gavel.core.port.Signer signer() throws ConfigurationException, LedgerException {
    ledger();
    return signer;
  }

  public GavelConfig config() {
    return config;
  }

  public KeyCustody keys() {
    return keys;
  }

  /**
   * The policy that decides: an OPA bundle (verified against the configured public key, if any),
   * directories with their data overlays, or, for a Git-governed policy, the revision governance
   * activated in the ledger (read from its activation entry).
   */
  public synchronized PolicySource policySource() throws ConfigurationException, LedgerException, PolicySourceException {
    if (policies == null) {
      if (config.policyRepo() != null) {
        if (!config.data().isEmpty()) {
          throw new ConfigurationException("--data overlays apply to a policy directory; a governed policy's data is in its repository");
        }
        // Deciding reads the active revision from the ledger it records into.
        policies = new GovernedPolicySource(repository(), ledger());
      } else if (config.bundle() != null) {
        if (!config.data().isEmpty()) {
          throw new ConfigurationException("--data overlays do not apply to a bundle: put the data in the bundle");
        }
        policies = new BundlePolicySource(config.bundle(), bundleVerification(), config.bundleLimits());
      } else {
        policies = new DirectoryPolicySource(config.requirePolicies(), config.data());
      }
    }
    return policies;
  }

  /** The configured policy repository (Git); a ConfigurationException when none is configured. */
  public synchronized VersionedPolicySource repository() throws ConfigurationException, PolicySourceException {
    if (repo == null) {
      GavelConfig.PolicyRepo r = config.policyRepo();
      if (r == null) {
        throw new ConfigurationException("no policy repository: pass --policy-repo PATH|URL (or set policy-repo in "
            + GavelHome.configFile(config.home()) + ")");
      }
      String ssh = System.getenv("GAVEL_POLICY_REPO_SSH_DIR");
      repo = GitPolicySource.open(r.location(), r.ref(), r.path(), config.home().resolve("git"),
          new RemoteAccess(System.getenv("GAVEL_POLICY_REPO_TOKEN"), ssh == null || ssh.isBlank() ? null : Path.of(ssh)));
      opened.add(repo);
    }
    return repo;
  }

  /** Governance over the configured repository and ledger (opens the ledger for appending). */
  public Governance governance() throws ConfigurationException, LedgerException, PolicySourceException {
    VersionedPolicySource r = repository();
    LedgerStore store = ledger();
    return new Governance(r, store, evaluator(), policyTester(), clock);
  }

  /** How an activation runs a revision's own tests: with the embedded engine, whichever evaluator decides. */
  public PolicyTester policyTester() {
    return new EmbeddedPolicyTests(embedded(), clock);
  }

  /** Impact analysis over the recorded decisions (reads the ledger only). */
  public ImpactAnalysis impact() throws ConfigurationException, LedgerException {
    return new ImpactAnalysis(reader(), evaluator());
  }

  /** The configured bundle key as OPA's verification config: one key, the key id in force, no scope. */
  private Optional<VerificationConfig> bundleVerification() throws ConfigurationException {
    if (config.bundlePublicKey() == null) {
      return Optional.empty();
    }
    try {
      String pem = Files.readString(config.bundlePublicKey());
      return Optional.of(VerificationConfig.single("default", VerificationConfig.Key.publicKey(null, pem, ""), ""));
    } catch (IOException e) {
      throw new ConfigurationException("cannot read the bundle public key " + config.bundlePublicKey() + ": " + e.getMessage(), e);
    }
  }
  /** The configured evaluator: the embedded engine, or a remote OPA. */
  public synchronized PolicyEvaluator evaluator() throws ConfigurationException {
    if (evaluator == null) {
      evaluator = config.opa() == null ? embedded() : OpaEvaluators.create(config.opa(), config.evaluationTimeout());
    }
    return evaluator;
  }

  /** The embedded engine (policy tests, the Data API), whichever evaluator decides. */
  public synchronized EmbeddedEvaluator embedded() {
    if (embedded == null) {
      embedded = new EmbeddedEvaluator(config.evaluationTimeout(), config.evaluationLimits());
    }
    return embedded;
  }

  /**
   * The ledger opened for appending, with the signing key: the home is created (0700) if needed,
   * and the key is created only for a ledger without entries; a key that is missing or not the
   * ledger's key in force is a ConfigurationException naming it.
   */
  public synchronized LedgerStore ledger() throws ConfigurationException, LedgerException {
    if (appendable == null) {
      GavelHome.create(config.home());
      long entries = existingEntries();
      NoteKey key = keys.forAppending(entries);
      signer = new NoteKeySigner(key);
      appendable = openStore(signer);
      opened.add(appendable);
    }
    return appendable;
  }

  /** Opens the configured store for appending with {@code key} (for key rotation). */
  LedgerStore openStore(dev.gavel.core.port.Signer key) throws ConfigurationException, LedgerException {
    try {
      return JdbcLedgerStore.open(config.store(), config.storeCredentials(), key, config.checkpointEvery());
    } catch (LedgerException e) {
      if (e.kind() == LedgerException.Kind.KEY_MISMATCH) {
        throw new ConfigurationException(e.getMessage() + " (key file " + keys.keyFile() + ")", e);
      }
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }

  /** How many entries the configured ledger holds, without creating anything (0 when there is none yet). */
  public long existingEntries() throws ConfigurationException, LedgerException {
    if (appendable != null) {
      return appendable.size();
    }
    try {
      return JdbcLedgerStore.countEntries(config.store(), config.storeCredentials());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }

  /**
   * The ledger opened for reading only (nothing created or written: auditors can read a file they
   * cannot write, and a missing home is not created).
   */
  public synchronized LedgerStore reader() throws ConfigurationException, LedgerException {
    if (appendable != null) {
      return appendable;
    }
    if (readable == null) {
      java.util.Optional<Path> file = JdbcLedgerStore.localFile(config.store());
      if (file.isPresent()) {
        GavelHome.existing(config.home());
        if (!Files.exists(file.get())) {
          throw new ConfigurationException("no ledger at " + file.get());
        }
      }
      try {
        readable = JdbcLedgerStore.openReadOnly(config.store(), config.storeCredentials());
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(e.getMessage(), e);
      }
      opened.add(readable);
    }
    return readable;
  }

  /**
   * Copies the configured ledger into the empty database at {@code targetUrl} ({@code gavel ledger
   * migrate}) and proves the copy with {@code key}; the configured store credentials are used on
   * both sides (an SQLite file needs none).
   */
  public LedgerCopy.Report copyLedgerTo(String targetUrl, NoteVerifier key, LedgerCopy.Progress progress)
      throws ConfigurationException, LedgerException, LedgerCopy.Refused {
    Objects.requireNonNull(targetUrl, "targetUrl");
    java.util.Optional<Path> file = JdbcLedgerStore.localFile(config.store());
    if (file.isPresent() && !Files.exists(file.get())) {
      throw new ConfigurationException("no ledger at " + file.get());
    }
    try {
      return LedgerCopy.copy(config.store(), config.storeCredentials(), targetUrl, config.storeCredentials(), key, progress);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
  }

  /** The release decision use case over the configured adapters (opens the ledger for appending). */
  public ReleaseGate releaseGate() throws ConfigurationException, LedgerException, PolicySourceException {
    LedgerStore store = ledger();
    return new ReleaseGate(policySource(), evaluator(), store, clock, new SecureRandom(), signer);
  }

  /** Revocations (the risk officer's use case) over the configured ledger (opens it for appending). */
  public dev.gavel.core.Revocations revocations() throws ConfigurationException, LedgerException {
    LedgerStore store = ledger();
    return new dev.gavel.core.Revocations(store, signer, clock, new SecureRandom());
  }

  /** Replay with the configured evaluator. */
  public DecisionReplay replay() throws ConfigurationException {
    return new DecisionReplay(evaluator());
  }

  /** Rotates the signing key (the rotation is a ledger entry signed by both keys). */
  public KeyCustody.Rotation rotateKey() throws ConfigurationException, LedgerException {
    return rotateKey(null);
  }

  /** Rotates the signing key into custody {@code to} (null: the configured custody). */
  public KeyCustody.Rotation rotateKey(CustodySettings.Kind to) throws ConfigurationException, LedgerException {
    GavelHome.create(config.home());
    if (appendable != null) {
      throw new IllegalStateException("rotate the key before opening the ledger for appending");
    }
    return keys.rotate(this::openStore, to);
  }

  @Override
  public synchronized void close() throws LedgerException {
    LedgerException first = null;
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (LedgerException e) {
        first = first == null ? e : first;
      } catch (Exception e) {
        first = first == null ? new LedgerException("cannot close: " + e.getMessage(), e) : first;
      }
    }
    opened.clear();
    if (first != null) {
      throw first;
    }
  }
}
