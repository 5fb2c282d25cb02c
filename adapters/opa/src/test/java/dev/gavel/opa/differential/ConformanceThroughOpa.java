package dev.gavel.opa.differential;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.json.Json;
import dev.gavel.rego.conformance.CaseResult;
import dev.gavel.rego.conformance.ConformanceCase;
import dev.gavel.rego.conformance.ConformanceRunner;
import dev.gavel.rego.conformance.ConformanceSuite;
import dev.gavel.rego.value.ArrayValue;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.ObjectValue;
import dev.gavel.rego.value.Value;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * OPA's YAML conformance cases run through a real OPA ({@code opa eval}, one process per case, the
 * modules as test-N.rego files, data and input as JSON files), and OPA's answer judged by our
 * reading of the case: the expectations as {@link ConformanceSuite} loads them, compared as
 * {@link ConformanceRunner} compares (solutions as a set of JSON maps, {@code sort_bindings},
 * error code and message fragment). A case OPA fails under our reading means we read it wrong,
 * or the case does not hold for this OPA version. Cases whose {@code input_term} is not JSON
 * (it holds sets) cannot be given to {@code opa eval} and are skipped, and counted.
 */
final class ConformanceThroughOpa {
  enum Status { PASSED, FAILED, SKIPPED }

  /** OPA's verdict on one case under our reading, and what Gavel's runner said. */
  record Verdict(ConformanceCase c, Status opa, String detail, CaseResult.Status gavel) {}

  private ConformanceThroughOpa() {}

  /** Every case under {@code dir}, two at a time. */
  static List<Verdict> runAll(Path dir, String opa) throws Exception {
    List<ConformanceCase> cases = ConformanceSuite.load(dir);
    ConformanceRunner gavel = new ConformanceRunner(Duration.ofSeconds(10));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Path work = Files.createTempDirectory("conformance-opa");
    try {
      List<Future<Verdict>> futures = new ArrayList<>();
      for (int i = 0; i < cases.size(); i++) {
        ConformanceCase c = cases.get(i);
        Path caseDir = work.resolve(String.valueOf(i));
        futures.add(pool.submit(() -> {
          Verdict v = run(c, opa, caseDir);
          return new Verdict(c, v.opa(), v.detail(), gavel.run(c).status());
        }));
      }
      List<Verdict> out = new ArrayList<>();
      for (Future<Verdict> f : futures) {
        out.add(f.get(2, TimeUnit.MINUTES));
      }
      return out;
    } finally {
      pool.shutdownNow();
      gavel.close();
      try (var s = Files.walk(work)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** One case through {@code opa eval}. */
  static Verdict run(ConformanceCase c, String opa, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(List.of(opa, "eval", "--format", "json"));
    if (c.strictError()) {
      cmd.add("--strict-builtin-errors");
    }
    for (int i = 0; i < c.modules().size(); i++) {
      Files.writeString(dir.resolve("test-" + i + ".rego"), c.modules().get(i), StandardCharsets.UTF_8);
      cmd.addAll(List.of("-d", "test-" + i + ".rego"));
    }
    if (c.data() != null && c.data().isObject()) {
      Files.writeString(dir.resolve("data.json"), c.data().toString(), StandardCharsets.UTF_8);
      cmd.addAll(List.of("-d", "data.json"));
    }
    JsonNode input = c.input();
    if (c.inputTerm() != null) {
      try {
        input = Json.read(c.inputTerm());
      } catch (Json.ParseException e) {
        return new Verdict(c, Status.SKIPPED, "input_term is not JSON (" + c.inputTerm() + ")", null);
      }
    }
    if (input != null) {
      Files.writeString(dir.resolve("input.json"), input.toString(), StandardCharsets.UTF_8);
      cmd.addAll(List.of("-i", "input.json"));
    }
    cmd.add(c.query());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
    // opa.runtime() shows OPA its environment: give it none, so answers are reproducible and
    // nothing of this machine's environment reaches a report.
    pb.environment().clear();
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Verdict(c, Status.FAILED, "opa eval did not finish", null);
    }
    JsonNode answer;
    try {
      answer = Json.read(out);
    } catch (Json.ParseException e) {
      return new Verdict(c, Status.FAILED, "opa eval printed no JSON (exit " + p.exitValue() + "): "
          + new String(out, StandardCharsets.UTF_8), null);
    }
    String why = judge(c, answer);
    return new Verdict(c, why == null ? Status.PASSED : Status.FAILED, why, null);
  }

  /** Null when OPA's answer satisfies the case as we read it, else why not. */
  static String judge(ConformanceCase c, JsonNode answer) {
    boolean wantsError = c.wantErrorCode() != null || c.wantError() != null;
    if (answer.has("errors")) {
      List<String> codes = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      for (JsonNode e : answer.get("errors")) {
        codes.add(e.path("code").asText());
        JsonNode loc = e.path("location");
        text.append(text.length() == 0 ? "" : "\n");
        if (loc.path("row").asInt() > 0) {
          text.append(loc.path("file").asText()).append(':').append(loc.path("row").asInt()).append(": ");
        }
        text.append(e.path("code").asText()).append(": ").append(e.path("message").asText());
      }
      if (!wantsError) {
        return "OPA failed with " + text;
      }
      if (c.wantErrorCode() != null && !codes.contains(c.wantErrorCode())) {
        return "want error code " + c.wantErrorCode() + " but OPA said: " + text;
      }
      if (c.wantError() != null && !text.toString().contains(c.wantError())) {
        return "want error containing '" + c.wantError() + "' but OPA said: " + text;
      }
      return null;
    }
    Set<Value> got = new HashSet<>();
    for (JsonNode row : answer.path("result")) {
      got.add(normalise(row.path("bindings"), c.sortBindings()));
    }
    if (wantsError) {
      return "want an error but OPA answered " + got;
    }
    if (c.wantResult() == null) {
      return "the case has no expectation";
    }
    Set<Value> want = new HashSet<>();
    for (JsonNode row : c.wantResult()) {
      want.add(JsonValues.fromJson(row));
    }
    return want.equals(got) ? null : "want " + want + " but OPA answered " + got;
  }

  private static Value normalise(JsonNode bindings, boolean sort) {
    ObjectValue.Builder b = ObjectValue.builder();
    for (Map.Entry<String, JsonNode> e : bindings.properties()) {
      Value v = JsonValues.fromJson(e.getValue());
      if (sort && v instanceof ArrayValue a) {
        List<Value> els = new ArrayList<>(a.elements());
        els.sort(null);
        v = ArrayValue.of(els);
      }
      b.put(e.getKey(), v);
    }
    return b.build();
  }

  /** Runs every case and prints the cross-table of OPA's and Gavel's verdicts, and each case OPA fails. */
  static List<Verdict> report(Path dir, String opa, PrintStream out) throws Exception {
    long t0 = System.nanoTime();
    List<Verdict> all = runAll(dir, opa);
    Map<String, Integer> table = new TreeMap<>();
    for (Verdict v : all) {
      table.merge("opa " + v.opa().name().toLowerCase() + (v.opa() == Status.SKIPPED ? "" : ", gavel " + v.gavel().name().toLowerCase()),
          1, Integer::sum);
    }
    out.printf("conformance through OPA: %d cases in %.1f s: %s%n", all.size(), (System.nanoTime() - t0) / 1e9, table);
    for (Verdict v : all) {
      if (v.opa() != Status.PASSED) {
        String d = v.detail().replace('\n', ' ');
        out.println("  " + v.opa() + " " + v.c().id() + " " + v.c().note() + " (gavel " + v.gavel() + "): "
            + (d.length() > 240 ? d.substring(0, 240) + "..." : d));
      }
    }
    return all;
  }
}
