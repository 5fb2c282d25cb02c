package dev.gavel.rego.check;

import dev.gavel.rego.RegoCheck;
import dev.gavel.rego.RegoError;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The table of modules in test resources {@code check-cases/}: NAME.rego with the errors
 * {@code opa check} (v1.22.3, --format json) reported for it recorded as {@code row:col: code:
 * message} lines in NAME.plain and, with --strict, NAME.strict.
 */
record CheckCases(String name, Path file, String source, List<String> plain, List<String> strict) {
  static List<CheckCases> all() throws IOException, URISyntaxException {
    Path dir = Path.of(Objects.requireNonNull(CheckCases.class.getResource("/check-cases")).toURI());
    List<CheckCases> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".rego")).sorted().toList()) {
        String name = f.getFileName().toString().replace(".rego", "");
        out.add(new CheckCases(name, f, Files.readString(f), lines(dir.resolve(name + ".plain")),
            lines(dir.resolve(name + ".strict"))));
      }
    }
    return out;
  }

  private static List<String> lines(Path p) throws IOException {
    return Files.readAllLines(p).stream().filter(l -> !l.isBlank()).toList();
  }

  /** Our errors for the module, in the recorded form. */
  List<String> ours(boolean strictMode) {
    return render(RegoCheck.check(Map.of(name + ".rego", source), strictMode));
  }

  static List<String> render(List<RegoError> errors) {
    return errors.stream()
        .map(e -> e.location().line() + ":" + e.location().column() + ": " + e.code() + ": " + e.message()).toList();
  }

  /** The errors OPA reports for {@code file} now, in the recorded form. */
  static List<String> opa(Path opa, Path file, boolean strictMode) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(opa.toString(), "check", "--format", "json"));
    if (strictMode) {
      cmd.add("--strict");
    }
    cmd.add(file.getFileName().toString());
    Process p = new ProcessBuilder(cmd).directory(file.getParent().toFile()).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    p.waitFor();
    if (out.isBlank()) {
      return List.of();
    }
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
    List<String> errors = new ArrayList<>();
    for (var e : tree.path("errors")) {
      var loc = e.path("location");
      errors.add(loc.path("row").asInt() + ":" + loc.path("col").asInt() + ": " + e.path("code").asText() + ": "
          + e.path("message").asText());
    }
    return errors;
  }
}
