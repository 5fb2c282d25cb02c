package dev.gavel.cli;

import dev.gavel.rego.RegoException;
import dev.gavel.rego.RegoFormat;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gavel policy fmt}: Rego in OPA's canonical style. Every file is read and formatted before
 * any is written, so a file that does not parse changes nothing.
 */
@Command(name = "fmt", mixinStandardHelpOptions = true,
    description = {"Format Rego files in OPA's canonical style (as `opa fmt` prints them), rewriting those that change.",
        "--check and --diff write nothing: --check lists the files that would change, --diff shows how.",
        "Exit codes: 0 formatted (or nothing to change), 1 with --check when a file would change, 2 bad input."})
final class PolicyFmtCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Rego files, or directories searched for *.rego.")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--check", description = "Write nothing; list the files that are not formatted and exit 1 if any.")
  boolean check;

  @Option(names = "--diff", description = "Write nothing; print a unified diff of what formatting would change.")
  boolean diff;

  PolicyFmtCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    Map<Path, String[]> changes = new LinkedHashMap<>();
    try {
      for (Path file : files()) {
        String before = read(file);
        String after = RegoFormat.format(file.toString(), before);
        if (!after.equals(before)) {
          changes.put(file, new String[] {before, after});
        }
      }
    } catch (RegoException e) {
      io.err().println(e.render());
      io.err().println("gavel policy fmt: nothing written");
      return ExitCode.BAD_INPUT;
    } catch (UserError e) {
      return Failures.report(io, "policy fmt", e, ExitCode.BAD_INPUT);
    }
    for (Map.Entry<Path, String[]> c : changes.entrySet()) {
      if (diff) {
        io.out().print(UnifiedDiff.of(c.getKey().toString(), c.getValue()[0], c.getValue()[1]));
      } else {
        io.out().println(c.getKey());
      }
    }
    if (check || diff) {
      return check && !changes.isEmpty() ? ExitCode.FAILED : ExitCode.OK;
    }
    try {
      for (Map.Entry<Path, String[]> c : changes.entrySet()) {
        write(c.getKey(), c.getValue()[1]);
      }
    } catch (UserError e) {
      return Failures.report(io, "policy fmt", e, ExitCode.BAD_INPUT);
    }
    return ExitCode.OK;
  }

  /** The files named, and the *.rego files under the directories named, each once, in order. */
  private List<Path> files() throws UserError {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".rego")).sorted()
              .filter(f -> !out.contains(f)).forEach(out::add);
        } catch (IOException e) {
          throw new UserError("cannot read " + p + ": " + e.getMessage());
        }
      } else if (Files.isRegularFile(p)) {
        if (!out.contains(p)) {
          out.add(p);
        }
      } else {
        throw new UserError("no such file or directory: " + p);
      }
    }
    return out;
  }

  private static String read(Path file) throws UserError {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new UserError(file + ": not UTF-8 text");
    } catch (NoSuchFileException e) {
      throw new UserError("no such file: " + file);
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Replaces the file's content in one step (a temporary file beside it, then a rename). */
  private static void write(Path file, String text) throws UserError {
    Path tmp = null;
    try {
      Path dir = file.toAbsolutePath().getParent();
      tmp = Files.createTempFile(dir, "." + file.getFileName(), ".fmt");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UserError("cannot write " + file + ": " + e.getMessage());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the rename moved it, or there is nothing more to do about it
        }
      }
    }
  }
}
