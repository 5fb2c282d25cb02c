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
    return Path.of(System.getProperty("gavel.repo.dir", "../..")).toAbsolutePath().normalize();
  }

  static CliRun run(Path home, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();
    env.put("GAVEL_HOME", home.toString());
    env.put("GAVEL_POLICIES", repo().resolve("policies").toString());
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
