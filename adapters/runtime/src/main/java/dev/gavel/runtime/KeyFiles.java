package dev.gavel.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The files of key custody under $GAVEL_HOME/keys (directory 0700, files 0600): written to a
 * private temporary file, then linked into place ({@code link} fails when the target exists, which
 * makes "create if absent" atomic across processes) or renamed over it atomically.
 */
final class KeyFiles {
  private KeyFiles() {}

  /** The target existed and was not to be replaced. */
  static final class Exists extends ConfigurationException {
    Exists(Path f) {
      super("key " + f + " already exists");
    }
  }

  static void write(Path f, String content, boolean replace) throws ConfigurationException {
    Path dir = f.getParent();
    Path tmp = dir.resolve(f.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
    try {
      createPrivateDirectory(dir);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      if (replace) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        try {
          Files.createLink(f, tmp);
        } catch (FileAlreadyExistsException e) {
          throw new Exists(f);
        }
      }
    } catch (AccessDeniedException e) {
      throw new ConfigurationException("cannot write key " + f + ": permission denied", e);
    } catch (IOException e) {
      throw new ConfigurationException("cannot write key " + f + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a stray temporary file holds only a key that was never used
      }
    }
  }

  static String read(Path f) throws ConfigurationException {
    try {
      return Files.readString(f, StandardCharsets.US_ASCII);
    } catch (AccessDeniedException e) {
      throw new ConfigurationException("cannot read key " + f + ": permission denied", e);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read key " + f + ": " + e.getMessage(), e);
    }
  }

  static void move(Path from, Path to) throws ConfigurationException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ConfigurationException("cannot install the new key: " + e.getMessage(), e);
    }
  }

  static void delete(Path f) throws ConfigurationException {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      throw new ConfigurationException("cannot remove " + f + ": " + e.getMessage(), e);
    }
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // another process made it
    }
  }
}
