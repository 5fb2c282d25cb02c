package dev.gavel.cli;

import dev.gavel.runtime.ConfigurationException;
import dev.gavel.runtime.Gavel;
import dev.gavel.runtime.GavelConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags that many commands share, declared once (picocli mixins). */
final class SharedOptions {
  private SharedOptions() {}

  /** {@code --home} and {@code --store}: where state lives. */
  static final class Home {
    @Option(names = "--home", paramLabel = "DIR", description = "State directory (default: $GAVEL_HOME or ~/.gavel).")
    Path home;

    @Option(names = "--store", paramLabel = "JDBC-URL", description = "Ledger store (default: jdbc:sqlite:$GAVEL_HOME/ledger.db; shared by replicas: jdbc:postgresql://HOST:PORT/DB).")
    String store;

    /** The runtime for these flags (nothing is opened or created yet). */
    Gavel runtime(Io io) throws ConfigurationException {
      return runtime(io, List.of(), List.of());
    }

    Gavel runtime(Io io, List<Path> policies, List<Path> data) throws ConfigurationException {
      return Gavel.start(GavelConfig.resolve(new GavelConfig.Flags(home, policies, data, null, store), io.env()));
    }

    Gavel runtime(Io io, Policies policies, List<Path> data) throws ConfigurationException {
      return runtime(io, policies, data, new Evaluator(), new Bundle());
    }

    Gavel runtime(Io io, Policies policies, List<Path> data, Evaluator evaluator, Bundle bundle) throws ConfigurationException {
      return Gavel.start(GavelConfig.resolve(new GavelConfig.Flags(home, policies.policies, data, evaluator.evaluator, store,
          policies.policyRepo, policies.policyRef, policies.policyPath, evaluator.opaUrl, evaluator.opaToken, bundle.bundle,
          bundle.publicKey), io.env()));
    }
  }

  /** {@code --evaluator embedded|opa [--opa-url URL] [--opa-token FILE]}: who evaluates. */
  static final class Evaluator {
    @Option(names = "--evaluator", paramLabel = "embedded|opa", description = "Who evaluates the policy (default: embedded).")
    String evaluator;

    @Option(names = "--opa-url", paramLabel = "URL", description = "OPA's address for --evaluator opa, e.g. http://127.0.0.1:8181.")
    String opaUrl;

    @Option(names = "--opa-token", paramLabel = "FILE", description = "A file holding a bearer token for OPA.")
    Path opaToken;
  }

  /** {@code --policies} or {@code --policy-repo}: the policy source. */
  static final class Policies {
    @Option(names = "--policies", paramLabel = "DIR",
        description = "Policy directory (repeatable; default: $GAVEL_POLICIES, gavel.yaml, else $GAVEL_HOME/policies).")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--policy-repo", paramLabel = "PATH|URL",
        description = "Policies governed in Git: a local repository or a URL (file, git, http(s) with $GAVEL_POLICY_REPO_TOKEN, ssh with ~/.ssh or $GAVEL_POLICY_REPO_SSH_DIR).")
    String policyRepo;

    @Option(names = "--policy-ref", paramLabel = "REF", description = "The tracked ref of --policy-repo (default: main).")
    String policyRef;

    @Option(names = "--policy-path", paramLabel = "DIR",
        description = "The policy directory inside --policy-repo (default: policies/ when present, else the root).")
    String policyPath;
  }

  /** {@code --bundle} and {@code --bundle-public-key}: an OPA bundle as the policy source. */
  static final class Bundle {
    @Option(names = "--bundle", paramLabel = "FILE",
        description = "OPA bundle (.tar.gz) to decide with, instead of --policies (gavel.yaml: bundle).")
    Path bundle;

    @Option(names = "--bundle-public-key", paramLabel = "PEM",
        description = "The bundle must be signed by this public key (gavel.yaml: bundle-public-key); unsigned or badly signed is refused.")
    Path publicKey;
  }
}
