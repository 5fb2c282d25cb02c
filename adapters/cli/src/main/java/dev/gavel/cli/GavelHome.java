package dev.gavel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** $GAVEL_HOME (default ~/.gavel): where the ledger database, keys and config live. */
final class GavelHome {
  private GavelHome() {}

  /** Resolves and creates the home directory; a home that cannot be created or written is a user error. */
  static Path resolve(Path flag, Map<String, String> env) throws UserError {
    Path home;
    if (flag != null) {
      home = flag;
    } else if (env.get("GAVEL_HOME") != null && !env.get("GAVEL_HOME").isBlank()) {
      home = Path.of(env.get("GAVEL_HOME"));
    } else {
      home = Path.of(System.getProperty("user.home"), ".gavel");
    }
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UserError("cannot create GAVEL_HOME " + home + ": " + e.getMessage());
    }
    if (!Files.isDirectory(home) || !Files.isWritable(home)) {
      throw new UserError("GAVEL_HOME " + home + " is not a writable directory");
    }
    return home;
  }

  static Path ledgerFile(Path home) {
    return home.resolve("ledger.db");
  }
}
