package dev.gavel.opa.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.bundles.PolicyFiles;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.json.Json;
import dev.gavel.opa.differential.PolicyDifferential;
import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.PreparedRef;
import dev.gavel.rego.Rego;
import dev.gavel.rego.value.JsonValues;
import dev.gavel.rego.value.Value;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * bench/opa-side-by-side.sh's Java helpers:
 * <ul>
 *   <li>{@code prepare REPO OUT}: writes what both engines are given, so they get the same files:
 *       {@code OUT/policy/} (the policy library's modules), {@code OUT/data.json} (its data),
 *       {@code OUT/inputs/*.json} (each fixture's policy input: the request plus the facts Gavel
 *       verified, as the release gate builds it), {@code OUT/large-N.rego} for N = 10, 1,000 and
 *       10,000 rules with {@code OUT/large-input.json}, and {@code OUT/small.rego} with
 *       {@code OUT/small-input.json} for the whole-process runs.</li>
 *   <li>{@code port}: prints a free loopback port.</li>
 *   <li>{@code profile REPO SECONDS}: evaluates the default policy over the fixture inputs in a
 *       loop for a JFR recording (the script starts the JVM with -XX:StartFlightRecording).</li>
 * </ul>
 */
public final class SideBySide {
  static final int[] LARGE = {10, 1_000, 10_000};

  private SideBySide() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "prepare" -> prepare(Path.of(args[1]), Path.of(args[2]));
      case "port" -> {
        try (ServerSocket s = new ServerSocket(0)) {
          System.out.println(s.getLocalPort());
        }
      }
      case "profile" -> profile(Path.of(args[1]), Integer.parseInt(args[2]));
      default -> throw new IllegalArgumentException("prepare REPO OUT | port | profile REPO SECONDS");
    }
  }

  /** The policy library as both engines load it (the policies directory, its data; no overlay). */
  static PolicySnapshot policy(Path repo) throws Exception {
    return PolicyFiles.load(List.of(repo.resolve("policies")), List.of());
  }

  /** {@code deny contains "rule i" if { input.kind == "kind-i"; input.replicas > i % 7 }} for i below {@code rules}. */
  static String large(int rules) {
    StringBuilder src = new StringBuilder("package large\n\n");
    for (int i = 0; i < rules; i++) {
      src.append("deny contains \"rule ").append(i).append("\" if {\n\tinput.kind == \"kind-").append(i).append("\"\n\tinput.replicas > ")
          .append(i % 7).append("\n}\n\n");
    }
    return src.toString();
  }

  static final String LARGE_INPUT = "{\"kind\": \"kind-5\", \"replicas\": 10}";
  static final String SMALL = "package small\n\nallow if {\n\tinput.user == \"alice\"\n\t\"admin\" in input.roles\n}\n";
  static final String SMALL_INPUT = "{\"user\": \"alice\", \"roles\": [\"dev\", \"admin\"]}";

  static void prepare(Path repo, Path out) throws Exception {
    PolicySnapshot p = policy(repo);
    Files.createDirectories(out.resolve("policy"));
    for (PolicySnapshot.Module m : p.modules()) {
      Path f = out.resolve("policy").resolve(m.path().replace('/', '_'));
      Files.writeString(f, m.text(), StandardCharsets.UTF_8);
    }
    Files.writeString(out.resolve("data.json"), p.data().toString(), StandardCharsets.UTF_8);
    Files.createDirectories(out.resolve("inputs"));
    for (Map.Entry<String, ObjectNode> e : PolicyDifferential.fixtureInputs(repo, PolicyDifferential.shippedPolicy(repo)).entrySet()) {
      Files.writeString(out.resolve("inputs").resolve(e.getKey()), e.getValue().toString(), StandardCharsets.UTF_8);
    }
    for (int n : LARGE) {
      Files.writeString(out.resolve("large-" + n + ".rego"), large(n), StandardCharsets.UTF_8);
    }
    Files.writeString(out.resolve("large-input.json"), LARGE_INPUT, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("small.rego"), SMALL, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("small-input.json"), SMALL_INPUT, StandardCharsets.UTF_8);
  }

  /** The engine-level evaluation the JMH benchmark measures, in a loop, for a profiler to sample. */
  static void profile(Path repo, int seconds) throws Exception {
    PolicySnapshot p = policy(repo);
    Rego.Builder b = Rego.builder();
    for (PolicySnapshot.Module m : p.modules()) {
      b.module(m.path(), m.text());
    }
    Rego rego = b.data(JsonValues.fromJson(p.data())).build();
    PreparedRef ref = rego.prepareRef("data.gavel.release.decision");
    List<Value> inputs = new ArrayList<>();
    for (ObjectNode in : PolicyDifferential.fixtureInputs(repo, PolicyDifferential.shippedPolicy(repo)).values()) {
      inputs.add(JsonValues.fromJson(Json.read(in.toString())));
    }
    EvalOptions opts = EvalOptions.at(Instant.parse("2026-12-01T12:00:00Z"));
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long n = 0;
    while (System.nanoTime() < end) {
      for (Value in : inputs) {
        n += ref.evaluate(in, opts).isPresent() ? 1 : 0;
      }
    }
    System.out.println(n + " evaluations");
  }
}
