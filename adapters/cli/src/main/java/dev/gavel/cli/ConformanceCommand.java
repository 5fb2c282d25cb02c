package dev.gavel.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.rego.conformance.CaseResult;
import dev.gavel.rego.conformance.ConformanceCase;
import dev.gavel.rego.conformance.ConformanceRunner;
import dev.gavel.rego.conformance.ConformanceSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gavel conformance DIR}: run OPA-format YAML conformance cases. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
    description = {"Run OPA-format YAML conformance cases found under DIR.",
        "The last line is `conformance: N passed, N failed, N skipped`; exit 0 when it ran."})
final class ConformanceCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(index = "0", paramLabel = "DIR")
  Path dir;

  @Option(names = "--json", paramLabel = "FILE", description = "Write per-case results as JSON.")
  Path json;

  @Option(names = "--timeout", defaultValue = "10", description = "Seconds per case (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = {"-v", "--verbose"}, description = "Print every failing case with the reason.")
  boolean verbose;

  ConformanceCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    if (!Files.isDirectory(dir)) {
      io.err().println("gavel conformance: " + dir + ": not a directory");
      return ExitCode.BAD_INPUT;
    }
    List<ConformanceCase> cases = ConformanceSuite.load(dir);
    ConformanceRunner runner = new ConformanceRunner(Duration.ofSeconds(timeoutSeconds));
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    ArrayNode results = JsonNodeFactory.instance.arrayNode();
    try {
      for (ConformanceCase c : cases) {
        CaseResult r = runner.run(c);
        switch (r.status()) {
          case PASSED -> passed++;
          case FAILED -> failed++;
          case SKIPPED -> skipped++;
          default -> { }
        }
        if (verbose && r.status() != CaseResult.Status.PASSED) {
          io.out().println(r.status() + " " + c.id() + " " + c.note() + ": " + r.detail());
        }
        ObjectNode o = results.addObject();
        o.put("id", c.id());
        o.put("note", c.note());
        o.put("status", r.status().name().toLowerCase());
        if (r.detail() != null) {
          o.put("detail", r.detail());
        }
        o.put("millis", r.millis());
      }
    } finally {
      runner.close();
    }
    if (json != null) {
      try {
        Files.writeString(json, results.toPrettyString());
      } catch (IOException e) {
        io.err().println("gavel conformance: cannot write " + json + ": " + e.getMessage());
        return ExitCode.BAD_INPUT;
      }
    }
    io.out().println("conformance: " + passed + " passed, " + failed + " failed, " + skipped + " skipped");
    return ExitCode.OK;
  }
}
