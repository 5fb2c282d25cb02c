package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.ArtifactStatus;
import dev.gavel.runtime.Gavel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gavel artifact status SHA256}: the deployer's admission check. */
@Command(name = "artifact", mixinStandardHelpOptions = true, description = "Artifact status for deployers.")
final class ArtifactCommand implements Runnable {
  /** Exit code of an artifact no decision released (DESIGN 3.6; 3 stays "internal error" elsewhere). */
  static final int UNKNOWN = 4;
  private final Io io;

  ArtifactCommand(Io io) {
    this.io = io;
  }

  static CommandLine line(Io io) {
    return new CommandLine(new ArtifactCommand(io)).addSubcommand(new Status(io));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(io.out());
  }

  /**
   * Whether a digest may run, from the local ledger (read only) or a server's {@code GET
   * /v1/artifacts/{sha256}}: exit 0 released, 1 revoked, 2 error, 4 unknown (never released).
   * Anything that is not a clear answer is 2, so a check that cannot tell never lets a model run.
   */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = {"Whether an artifact digest is released, revoked or unknown.",
          "Exit 0 released, 1 revoked, 2 error, 4 unknown (never released)."})
  static final class Status implements Callable<Integer> {
    private final Io io;

    @Parameters(paramLabel = "SHA256", description = "The artifact digest (64 hex, optionally sha256:...).")
    String digest;

    @Option(names = "--server", paramLabel = "URL", description = "Ask a gavel serve instead of the local ledger.")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE", description = "With --server: a token (default: $GAVEL_TOKEN).")
    Path tokenFile;

    @Option(names = "--cacert", paramLabel = "PEM", description = "With --server: CA certificates to trust for https.")
    Path cacert;

    @Option(names = "--output", paramLabel = "text|json", description = "Output format (default: text).")
    String output = "text";

    @Mixin
    SharedOptions.Home home;

    Status(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try {
        if (!output.equals("text") && !output.equals("json")) {
          throw new UserError("--output must be text or json but got " + output);
        }
        String hex;
        try {
          hex = ArtifactStatus.normalise(digest);
        } catch (IllegalArgumentException e) {
          throw new UserError(e.getMessage());
        }
        JsonNode answer;
        String text;
        if (server != null) {
          answer = ServerClient.connect("--server", "a token that may read artifact status", server, tokenFile, cacert, io.env()).get("/v1/artifacts/" + hex).body();
          text = ArtifactStatus.text(answer);
        } else {
          try (Gavel g = home.runtime(io)) {
            ArtifactStatus s = ArtifactStatus.lookup(g.reader(), hex);
            answer = s.toJson();
            text = s.toText();
          }
        }
        io.out().print(output.equals("json") ? answer.toPrettyString() + "\n" : text);
        return switch (answer.path("status").asText()) {
          case "released" -> ExitCode.OK;
          case "revoked" -> ExitCode.FAILED;
          case "unknown" -> UNKNOWN;
          default -> throw new UserError("the answer has no status released, revoked or unknown: " + answer);
        };
      } catch (Exception e) {
        return Failures.report(io, "artifact status", e, ExitCode.BAD_INPUT);
      }
    }

  }
}
