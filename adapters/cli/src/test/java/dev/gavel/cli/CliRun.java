package dev.gavel.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process and captures what it prints. */
record CliRun(int exit, String out, String err) {
  static Path repo() {
    return dev.gavel.testkit.SharedFiles.repo();
  }

  /** The evaluation time the demo fixtures were made for (see test-fixtures/regenerate.sh). */
  static final String FIXTURE_TIME = "2026-12-01T12:00:00Z";

  static Path request(String name) {
    return repo().resolve("test-fixtures/requests").resolve(name);
  }

  /** {@code gavel evaluate} on a fixture, as of the fixtures' time, trusting the demo keys. */
  static CliRun evaluate(Path home, String fixture, String... extra) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("evaluate", "--at", FIXTURE_TIME, "--data",
        repo().resolve("test-fixtures/trust.json").toString()));
    args.addAll(java.util.List.of(extra));
    args.add(request(fixture).toString());
    return run(home, args.toArray(new String[0]));
  }

  /** {@code gavel evaluate} on a fixture as of the fixtures' time, with only {@code extra} as the policy flags. */
  static CliRun evaluateWith(Path home, String fixture, String... extra) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("evaluate", "--at", FIXTURE_TIME));
    args.addAll(java.util.List.of(extra));
    args.add(request(fixture).toString());
    return run(home, args.toArray(new String[0]));
  }

  static CliRun run(Path home, String... args) {
    return runWithEnv(home, Map.of(), args);
  }

  static CliRun runWithEnv(Path home, Map<String, String> extraEnv, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("GAVEL_HOME", home.toString());
    env.put("GAVEL_POLICIES", repo().resolve("policies").toString());
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
