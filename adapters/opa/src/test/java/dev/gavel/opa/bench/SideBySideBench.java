package dev.gavel.opa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.embedded.EmbeddedEvaluator;
import dev.gavel.json.Json;
import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.PreparedRef;
import dev.gavel.rego.Rego;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Gavel's side of bench/opa-side-by-side.sh's in-process figures, over the files {@link
 * SideBySide} prepared (the directory in the system property {@code gavel.sbs.dir}), the same
 * files {@code opa bench} is given:
 * <ul>
 *   <li>{@code engineDefaultPolicy}: {@code data.gavel.release.decision} over every fixture's
 *       policy input, each already a Rego value, as {@code opa bench} evaluates a prepared query over
 *       a parsed input;</li>
 *   <li>{@code evaluatorDefaultPolicy}: the same through {@link EmbeddedEvaluator} (JSON input
 *       converted, the mask rule, rule origins), what the release gate pays;</li>
 *   <li>{@code parseRequestsWithJackson}: the baseline of the earlier aim, Jackson reading every
 *       fixture's policy input;</li>
 *   <li>{@code engineLargePolicy}: 10, 1,000 and 10,000 rules keyed on input.</li>
 * </ul>
 * One operation covers every fixture input once.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SideBySideBench {
  static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");

  static Path dir() {
    return Path.of(System.getProperty("gavel.sbs.dir", "target/side-by-side"));
  }

  static Rego compile(Path... files) throws Exception {
    Rego.Builder b = Rego.builder();
    for (Path f : files) {
      b.module(f.getFileName().toString(), Files.readString(f));
    }
    return b.build();
  }

  /** The default policy and the fixtures' policy inputs. */
  @State(Scope.Benchmark)
  public static class Library {
    PreparedRef decision;
    PolicySnapshot snapshot;
    EmbeddedEvaluator evaluator = new EmbeddedEvaluator(Duration.ofSeconds(10));
    List<byte[]> bytes = new ArrayList<>();
    List<JsonNode> json = new ArrayList<>();
    List<Value> values = new ArrayList<>();
    EvalOptions options = EvalOptions.at(AT);

    @Setup
    public void setup() throws Exception {
      List<PolicySnapshot.Module> modules = new ArrayList<>();
      Rego.Builder b = Rego.builder();
      try (Stream<Path> s = Files.list(dir().resolve("policy"))) {
        for (Path f : s.sorted().toList()) {
          modules.add(new PolicySnapshot.Module(f.getFileName().toString(), Files.readString(f)));
          b.module(f.getFileName().toString(), Files.readString(f));
        }
      }
      JsonNode data = Json.read(Files.readAllBytes(dir().resolve("data.json")));
      decision = b.data(JsonValues.fromJson(data)).build().prepareRef("data.gavel.release.decision");
      snapshot = new PolicySnapshot(modules, data, "bench", "bench");
      try (Stream<Path> s = Files.list(dir().resolve("inputs"))) {
        for (Path f : s.sorted().toList()) {
          byte[] raw = Files.readAllBytes(f);
          bytes.add(raw);
          json.add(Json.read(raw));
          values.add(JsonValues.fromJson(Json.read(raw)));
        }
      }
    }
  }

  @Benchmark
  public int engineDefaultPolicy(Library lib) {
    int n = 0;
    for (Value in : lib.values) {
      n += lib.decision.evaluate(in, lib.options).isPresent() ? 1 : 0;
    }
    return n;
  }

  @Benchmark
  public int evaluatorDefaultPolicy(Library lib) throws PolicyEvaluationException {
    int n = 0;
    for (JsonNode in : lib.json) {
      n += lib.evaluator.evaluate(lib.snapshot, in, AT).decision() == null ? 0 : 1;
    }
    return n;
  }

  @Benchmark
  public int parseRequestsWithJackson(Library lib) throws Exception {
    int n = 0;
    for (byte[] b : lib.bytes) {
      n += JsonValues.MAPPER.readTree(b).size();
    }
    return n;
  }

  /** A policy of {@code rules} deny rules keyed on input.kind; the input matches one. */
  @State(Scope.Benchmark)
  public static class Large {
    @Param({"10", "1000", "10000"})
    public int rules;

    PreparedRef deny;
    Value input;
    EvalOptions options = EvalOptions.at(AT);

    @Setup
    public void setup() throws Exception {
      deny = compile(dir().resolve("large-" + rules + ".rego")).prepareRef("data.large.deny");
      input = JsonValues.fromJson(Json.read(Files.readAllBytes(dir().resolve("large-input.json"))));
    }
  }

  @Benchmark
  public int engineLargePolicy(Large large) {
    return large.deny.evaluate(large.input, large.options).isPresent() ? 1 : 0;
  }
}
