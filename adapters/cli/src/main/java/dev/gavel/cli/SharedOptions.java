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
  }

  /** {@code --policies}: the policy source. */
  static final class Policies {
    @Option(names = "--policies", paramLabel = "DIR",
        description = "Policy directory (repeatable; default: $GAVEL_POLICIES, gavel.yaml, else $GAVEL_HOME/policies).")
    List<Path> policies = new ArrayList<>();
  }
}
