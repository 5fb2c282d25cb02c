package dev.gavel.opa.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.opa.OpaServer;
import dev.gavel.testkit.SharedFiles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * OPA's YAML conformance suite (../shared/conformance/opa) run through a real OPA and judged by
 * our reading of each case. The cases OPA v1.22.3 fails under that reading are exactly those in
 * conformance-opa-mismatches.txt, each with why (the case comes from another OPA version, or
 * opa eval differs from OPA's own Go test harness); a new one means we read a case wrong.
 */
class ConformanceThroughOpaTest {
  static Map<String, String> listed() throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (InputStream in = ConformanceThroughOpaTest.class.getResourceAsStream("/conformance-opa-mismatches.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          String[] p = l.split("\\s+", 2);
          out.put(p[0], p.length > 1 ? p[1] : "");
        }
      }
    }
    return out;
  }

  @Test
  void opaPassesEveryCaseAsWeReadItButTheListedOnes() throws Exception {
    Path suite = SharedFiles.shared().resolve("conformance/opa");
    String opa = OpaServer.binary();
    List<ConformanceThroughOpa.Verdict> all = ConformanceThroughOpa.runAll(suite, opa);
    Map<String, String> failed = new TreeMap<>();
    int skipped = 0;
    for (ConformanceThroughOpa.Verdict v : all) {
      if (v.opa() == ConformanceThroughOpa.Status.FAILED) {
        failed.put(v.c().id(), v.detail());
      } else if (v.opa() == ConformanceThroughOpa.Status.SKIPPED) {
        skipped++;
        assertThat(v.c().inputTerm()).as("only a non-JSON input_term is skipped").isNotNull();
      }
    }
    Map<String, String> listed = listed();
    String unexpected = failed.entrySet().stream().filter(e -> !listed.containsKey(e.getKey()))
        .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n"));
    assertThat(unexpected).as("cases OPA fails as we read them, not in conformance-opa-mismatches.txt").isEmpty();
    assertThat(listed.keySet()).as("listed cases OPA now passes as we read them (take them off the list)")
        .allMatch(failed::containsKey);
    assertThat(all.size()).isGreaterThan(800);
    assertThat(skipped).isLessThan(20);
    System.out.printf("conformance through OPA: %d cases, %d as we read them, %d listed mismatches, %d skipped%n", all.size(),
        all.size() - failed.size() - skipped, failed.size(), skipped);
  }
}
