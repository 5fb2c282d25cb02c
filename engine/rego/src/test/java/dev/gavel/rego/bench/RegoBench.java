package dev.gavel.rego.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.Rego;
import dev.gavel.rego.ast.Body;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Speed of the embedded engine, always next to a baseline measured in the same run:
 * evaluating the default policy on each fixture request versus parsing that request's JSON with
 * Jackson; and a generated policy of many rules keyed on input, to show the rule index keeps
 * evaluation flat as the policy grows. Run with {@code bench/rego.sh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RegoBench {

  /** The default policy library and the fixture requests. */
  @State(Scope.Benchmark)
  public static class Library {
    Rego rego;
    Body query;
    List<byte[]> requestBytes = new ArrayList<>();
    List<Value> inputs = new ArrayList<>();
    EvalOptions options = EvalOptions.at(Instant.parse("2026-12-01T12:00:00Z")).strict(true);

    @Setup
    public void setup() throws IOException {
      Path repo = dev.gavel.testkit.SharedFiles.repo();
      Rego.Builder b = Rego.builder();
      try (Stream<Path> s = Files.walk(repo.resolve("policies"))) {
        for (Path p : s.filter(p -> p.toString().endsWith(".rego")).sorted().toList()) {
          b.module(p.toString(), Files.readString(p));
        }
      }
      b.data(JsonValues.parse(Files.readString(repo.resolve("policies/data.json"))));
      rego = b.build();
      query = rego.prepare("d = data.gavel.release.decision");
      try (Stream<Path> s = Files.list(repo.resolve("test-fixtures/requests"))) {
        for (Path p : s.filter(p -> p.getFileName().toString().matches("(allow|deny)-.*\\.json")).sorted().toList()) {
          requestBytes.add(Files.readAllBytes(p));
          // What the policy sees: the request plus the facts Gavel verified in Java (written by
          // test-fixtures/regenerate.sh); evidence verification itself is not part of this figure.
          Path input = repo.resolve("test-fixtures/policy-inputs").resolve(p.getFileName());
          inputs.add(JsonValues.parse(Files.readString(input, StandardCharsets.UTF_8)));
        }
      }
    }
  }

  /** Baseline: Jackson parses every fixture request once. */
  @Benchmark
  public int parseRequestsWithJackson(Library lib) throws IOException {
    int n = 0;
    for (byte[] b : lib.requestBytes) {
      JsonNode node = JsonValues.MAPPER.readTree(b);
      n += node.size();
    }
    return n;
  }

  /** The default policy decides every fixture request once. */
  @Benchmark
  public int evaluateDefaultPolicy(Library lib) {
    int n = 0;
    for (Value input : lib.inputs) {
      List<Map<String, Value>> rows = lib.rego.evaluate(lib.query, input, lib.options);
      n += rows.size();
    }
    return n;
  }

  /** A policy of {@code rules} deny rules, each keyed on input.kind; one input matches one rule. */
  @State(Scope.Benchmark)
  public static class Large {
    @Param({"10", "1000", "4000"})
    public int rules;

    Rego rego;
    Body query;
    Value input;
    EvalOptions options = EvalOptions.at(Instant.parse("2026-11-24T00:00:00Z"));

    @Setup
    public void setup() throws IOException {
      StringBuilder src = new StringBuilder("package large\n\n");
      for (int i = 0; i < rules; i++) {
        src.append("deny contains \"rule ").append(i).append("\" if {\n\tinput.kind == \"kind-").append(i)
            .append("\"\n\tinput.replicas > ").append(i % 7).append("\n}\n\n");
      }
      rego = Rego.builder().module("large.rego", src.toString()).build();
      query = rego.prepare("d = data.large.deny");
      input = JsonValues.parse("{\"kind\": \"kind-" + (rules / 2) + "\", \"replicas\": 10}");
    }
  }

  @Benchmark
  public int evaluateLargePolicy(Large large) {
    return large.rego.evaluate(large.query, large.input, large.options).size();
  }
}
