package dev.gavel.runtime;

import dev.gavel.bundles.DirectoryPolicySource;
import dev.gavel.core.DecisionReplay;
import dev.gavel.core.ReleaseGate;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.PolicyEvaluator;
import dev.gavel.core.port.PolicySource;
import dev.gavel.core.port.TimeSource;
import dev.gavel.embedded.EmbeddedEvaluator;
import dev.gavel.ledger.NoteSigner;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.store.JdbcLedgerStore;
import dev.gavel.store.LedgerCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
  private PolicyEvaluator evaluator;
  private LedgerStore appendable;
  private LedgerStore readable;
  private SoftwareSigner signer;

  private Gavel(GavelConfig config, TimeSource clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = new KeyCustody(config.home());
  }

  /** A runtime for {@code config} on the system clock. Nothing is opened yet. */
  public static Gavel start(GavelConfig config) {
    return new Gavel(config, Instant::now);
  }

  public GavelConfig config() {
    return config;
  }

  public KeyCustody keys() {
    return keys;
  }

  /** The configured policy source (a directory with its data overlays). */
  public synchronized PolicySource policySource() throws ConfigurationException {
    if (policies == null) {
      policies = new DirectoryPolicySource(config.requirePolicies(), config.data());
    }
    return policies;
  }

  public synchronized PolicyEvaluator evaluator() {
    if (evaluator == null) {
      evaluator = new EmbeddedEvaluator(config.evaluationTimeout(), config.evaluationLimits());
    }
    return evaluator;
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
      NoteSigner key = keys.forAppending(entries);
      signer = new SoftwareSigner(key);
      appendable = openStore(signer);
      opened.add(appendable);
    }
    return appendable;
  }

  /** Opens the configured store for appending with {@code key} (for key rotation). */
  LedgerStore openStore(SoftwareSigner key) throws ConfigurationException, LedgerException {
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
  public ReleaseGate releaseGate() throws ConfigurationException, LedgerException {
    LedgerStore store = ledger();
    return new ReleaseGate(policySource(), evaluator(), store, clock, new SecureRandom(), signer);
  }

  /** Replay with the configured evaluator. */
  public DecisionReplay replay() {
    return new DecisionReplay(evaluator());
  }

  /** Rotates the signing key (the rotation is a ledger entry signed by both keys). */
  public KeyCustody.Rotation rotateKey() throws ConfigurationException, LedgerException {
    GavelHome.create(config.home());
    if (appendable != null) {
      throw new IllegalStateException("rotate the key before opening the ledger for appending");
    }
    return keys.rotate(this::openStore);
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
