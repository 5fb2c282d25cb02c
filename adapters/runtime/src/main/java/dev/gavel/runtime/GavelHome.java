package dev.gavel.runtime;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * $GAVEL_HOME (default ~/.gavel): the ledger database, keys and gavel.yaml. Created with mode 0700
 * by commands that write; commands that only read never create it.
 */
public final class GavelHome {
  private GavelHome() {}

  /** The home a flag, the environment or the default names (not created). */
  public static Path locate(Path flag, Map<String, String> env) {
    if (flag != null) {
      return flag;
    }
    String e = env.get("GAVEL_HOME");
    if (e != null && !e.isBlank()) {
      return Path.of(e);
    }
    return Path.of(System.getProperty("user.home"), ".gavel");
  }

  /** Creates the home (mode 0700) if needed; it must then be a writable directory. */
  public static Path create(Path home) throws ConfigurationException {
    if (!Files.isDirectory(home)) {
      try {
        Path parent = home.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.createDirectory(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        // created meanwhile by another process, or a file of that name: checked below
      } catch (UnsupportedOperationException e) {
        try {
          Files.createDirectories(home);
        } catch (IOException x) {
          throw new ConfigurationException("cannot create GAVEL_HOME " + home + ": " + x.getMessage(), x);
        }
      } catch (IOException e) {
        throw new ConfigurationException("cannot create GAVEL_HOME " + home + ": " + e.getMessage(), e);
      }
    }
    if (!Files.isDirectory(home) || !Files.isWritable(home)) {
      throw new ConfigurationException("GAVEL_HOME " + home + " is not a writable directory");
    }
    return home;
  }

  /** The home for a command that only reads: it must exist, and is never created. */
  public static Path existing(Path home) throws ConfigurationException {
    if (!Files.isDirectory(home)) {
      throw new ConfigurationException("no Gavel home at " + home + " (nothing to read; --home or GAVEL_HOME names another)");
    }
    return home;
  }

  public static Path ledgerFile(Path home) {
    return home.resolve("ledger.db");
  }

  public static Path configFile(Path home) {
    return home.resolve("gavel.yaml");
  }
}
