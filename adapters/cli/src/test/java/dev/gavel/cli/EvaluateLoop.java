package dev.gavel.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A child process of {@link SharedHomeTest}: runs `gavel evaluate` N times in a row on one home,
 * as a pipeline runner would, and prints {@code EXIT code decisionId} for each.
 * Usage: {@code EvaluateLoop HOME POLICIES TRUST REQUEST N}.
 */
public final class EvaluateLoop {
  private EvaluateLoop() {}

  public static void main(String[] args) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("GAVEL_HOME", args[0]);
    env.put("GAVEL_POLICIES", args[1]);
    int n = Integer.parseInt(args[4]);
    for (int i = 0; i < n; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = Main.run(new String[] {"evaluate", "--at", CliRun.FIXTURE_TIME, "--data", args[2], "--output", "text", args[3]},
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
      String id = "-";
      for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("decision ")) {
          id = line.split(" ")[1];
        }
      }
      System.out.println("EXIT " + code + " " + id + (code > 1 ? " " + err.toString(StandardCharsets.UTF_8).replace('\n', ' ') : ""));
    }
    System.out.flush();
    System.exit(0);
  }
}
