package dev.gavel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.testkit.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies of DESIGN 2, checked on the sources (every main source file of
 * the repository): the engine imports no adapter, framework or database; the core does not know
 * the Rego engine; only the store knows SQLite and PostgreSQL; outside the engine only the Rego facade is used;
 * and the evaluating engine reads no clock, environment, randomness or files of its own.
 */
class DependencyRulesTest {
  static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);
  static final Set<String> ADAPTERS = Set.of("dev.gavel.store", "dev.gavel.embedded", "dev.gavel.runtime", "dev.gavel.cli",
      "dev.gavel.bundles", "dev.gavel.http", "dev.gavel.opa", "dev.gavel.git");
  static final Set<String> FRAMEWORKS = Set.of("picocli", "io.vertx", "org.sqlite", "java.sql", "org.eclipse.jgit",
      "org.postgresql", "com.zaxxer", "io.micrometer");
  /** The parts of engine/rego that other modules may use: the facade, values, and the test and conformance tools. */
  static final Set<String> REGO_FACADE = Set.of("dev.gavel.rego", "dev.gavel.rego.value", "dev.gavel.rego.test",
      "dev.gavel.rego.conformance");

  record Source(Path file, String module, String text) {
    List<String> imports() {
      List<String> out = new ArrayList<>();
      Matcher m = IMPORT.matcher(text);
      while (m.find()) {
        out.add(m.group(1));
      }
      return out;
    }

    @Override
    public String toString() {
      return SharedFiles.repo().relativize(file).toString();
    }
  }

  static Stream<Source> sources() throws IOException {
    Path repo = SharedFiles.repo();
    List<Source> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(repo)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
          && !p.toString().contains("/target/")).toList()) {
        String rel = repo.relativize(f).toString();
        out.add(new Source(f, rel.substring(0, rel.indexOf("/src/main/java/")), Files.readString(f)));
      }
    }
    assertThat(out).as("main sources found under " + repo).hasSizeGreaterThan(100);
    return out.stream();
  }

  static boolean under(String name, Set<String> prefixes) {
    return prefixes.stream().anyMatch(p -> name.equals(p) || name.startsWith(p + "."));
  }

  @Test
  void dependenciesPointInwards() throws IOException {
    List<String> violations = new ArrayList<>();
    sources().forEach(s -> {
      for (String imp : s.imports()) {
        if (s.module().startsWith("engine/") && under(imp, ADAPTERS)) {
          violations.add(s + " (engine) imports the adapter " + imp);
        }
        if (s.module().startsWith("engine/") && under(imp, FRAMEWORKS)) {
          violations.add(s + " (engine) imports the framework " + imp);
        }
        if (s.module().equals("engine/core") && imp.startsWith("dev.gavel.rego")) {
          violations.add(s + " (core) imports the Rego engine: " + imp);
        }
        if (!s.module().equals("adapters/store") && (imp.startsWith("org.sqlite") || imp.startsWith("dev.gavel.store.Sqlite"))) {
          violations.add(s + " imports SQLite classes (only adapters/store may): " + imp);
        }
        if (!s.module().equals("adapters/store") && (imp.startsWith("org.postgresql") || imp.startsWith("com.zaxxer")
            || imp.startsWith("dev.gavel.store.Postgres"))) {
          violations.add(s + " imports PostgreSQL classes (only adapters/store may): " + imp);
        }
        if (!s.module().equals("engine/rego") && imp.startsWith("dev.gavel.rego.")
            && !REGO_FACADE.contains(imp.substring(0, imp.lastIndexOf('.')))) {
          violations.add(s + " reaches into the Rego engine's internals: " + imp);
        }
      }
    });
    assertThat(violations).isEmpty();
  }

  @Test
  void theEvaluatingEngineReadsNothingOfItsOwn() throws IOException {
    List<String> violations = new ArrayList<>();
    sources().forEach(s -> {
      boolean tool = s.file().toString().contains("/dev/gavel/rego/test/") || s.file().toString().contains("/dev/gavel/rego/conformance/");
      if (!s.module().startsWith("engine/") || tool) {
        return;
      }
      for (String forbidden : List.of("Instant.now(", "System.currentTimeMillis(", "System.nanoTime(", "System.getenv(",
          "new SecureRandom(", "new Random(", "java.nio.file.", "java.io.File")) {
        if (s.text().contains(forbidden)) {
          violations.add(s + " uses " + forbidden + ": the engine gets clocks, randomness and files through ports");
        }
      }
    });
    assertThat(violations).isEmpty();
  }
}
