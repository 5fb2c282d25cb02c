package dev.gavel.rego.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Runs OPA's conformance cases from ../shared/conformance/opa and fails on any regression against
 * the committed list of passing cases (a ratchet: the list only grows). Cases are identified by
 * file and position, since notes repeat.
 */
class ConformanceRatchetTest {
  static final String RATCHET = "/conformance-passing.txt";

  static Path suiteDir() {
    return dev.gavel.testkit.SharedFiles.shared().resolve("conformance").resolve("opa");
  }

  @Test
  void noPreviouslyPassingCaseRegresses() throws IOException {
    Path dir = suiteDir();
    assumeTrue(Files.isDirectory(dir), "OPA conformance suite not found at " + dir + " (../shared absent): skipping");
    List<ConformanceCase> cases = ConformanceSuite.load(dir);
    ConformanceRunner runner = new ConformanceRunner(Duration.ofSeconds(10));
    Set<String> passing = new TreeSet<>();
    List<String> failures = new ArrayList<>();
    try {
      for (ConformanceCase c : cases) {
        CaseResult r = runner.run(c);
        if (r.status() == CaseResult.Status.PASSED) {
          passing.add(c.id());
        } else {
          failures.add(c.id() + " " + c.note() + ": " + r.detail());
        }
      }
    } finally {
      runner.close();
    }
    System.out.printf("conformance: %d passed, %d failed, 0 skipped%n", passing.size(), failures.size());
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "conformance-failures.txt"), failures);
    Set<String> expected = ratchet();
    List<String> regressed = new ArrayList<>();
    for (String id : expected) {
      if (!passing.contains(id)) {
        regressed.add(id);
      }
    }
    Set<String> newlyPassing = new TreeSet<>(passing);
    newlyPassing.removeAll(expected);
    if (!newlyPassing.isEmpty()) {
      Path out = Path.of("target", "conformance-passing.txt");
      Files.createDirectories(out.getParent());
      Files.write(out, passing);
      System.out.println(newlyPassing.size() + " newly passing cases; updated list written to " + out.toAbsolutePath()
          + " (copy it to src/test/resources" + RATCHET + ")");
    }
    assertThat(regressed).as("cases that passed before and fail now").isEmpty();
  }

  static Set<String> ratchet() throws IOException {
    Set<String> out = new LinkedHashSet<>();
    try (InputStream in = ConformanceRatchetTest.class.getResourceAsStream(RATCHET)) {
      if (in == null) {
        return out;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String t = line.trim();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
    }
    return out;
  }
}
