package dev.gavel.cli;

import dev.gavel.core.evidence.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a model path from disk into {@link ModelFiles}, the data the core compares with a model
 * signature's manifest: every entry under the root (never following a symlink while walking),
 * its kind, and the SHA-256 of its bytes, streamed; a symlink is hashed through to its target and
 * marked when the target lies outside the root. The top-level {@code .git} directory, which model
 * signing always ignores, is not descended into. A model that is a single file is the entry ".".
 */
final class ModelDirectory {
  private ModelDirectory() {}

  static ModelFiles read(Path model, List<String> ignorePaths) throws UserError {
    if (!Files.exists(model, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserError(model + ": no such file or directory");
    }
    for (String p : ignorePaths) {
      if (p.isEmpty() || p.startsWith("/") || p.contains("..")) {
        throw new UserError("ignore path '" + p + "' must be relative to the model root (" + model + ")");
      }
    }
    List<String> ignore = ignorePaths.stream().map(p -> p.replace('\\', '/').replaceAll("/+$", "")).toList();
    try {
      if (!Files.isDirectory(model, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.isRegularFile(model, LinkOption.NOFOLLOW_LINKS)) {
          throw new UserError(model + ": a model is a directory or a regular file");
        }
        return new ModelFiles(true, List.of(new ModelFiles.Entry(".", ModelFiles.Kind.FILE, sha256(model), false)), List.of());
      }
      Path root = model.toRealPath();
      Path git = model.resolve(".git");
      List<ModelFiles.Entry> out = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(model)) {
        for (Path p : walk.filter(p -> !p.startsWith(git)).sorted().toList()) {
          if (p.equals(model) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            continue;
          }
          String rel = model.relativize(p).toString().replace('\\', '/');
          if (Files.isSymbolicLink(p)) {
            Path target;
            try {
              target = p.toRealPath();
            } catch (NoSuchFileException e) {
              out.add(new ModelFiles.Entry(rel, ModelFiles.Kind.SYMLINK, null, false));
              continue;
            }
            out.add(new ModelFiles.Entry(rel, ModelFiles.Kind.SYMLINK, Files.isRegularFile(target) ? sha256(target) : null,
                !target.startsWith(root)));
          } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            out.add(new ModelFiles.Entry(rel, ModelFiles.Kind.FILE, sha256(p), false));
          } else {
            out.add(new ModelFiles.Entry(rel, ModelFiles.Kind.OTHER, null, false));
          }
        }
      }
      return new ModelFiles(false, out, ignore);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UserError(model + ": cannot read the model: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UserError(model + ": " + e.getMessage());
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
