package dev.gavel.cli;

import dev.gavel.core.Decision;
import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.ReleaseRequest;
import dev.gavel.core.ReleaseRequestParser;
import dev.gavel.core.RequestProblem;
import dev.gavel.core.evidence.ModelFiles;
import dev.gavel.json.Json;
import dev.gavel.json.Utf8;
import dev.gavel.runtime.Gavel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gavel evaluate REQUEST.json}: decide, record in the ledger, print the decision. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Decide whether a model release may go ahead and record the decision in the ledger.",
        "Exit codes: 0 allowed, 1 denied, 2 bad input or usage, 3 internal error."})
final class EvaluateCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(index = "0", paramLabel = "REQUEST.json", description = "The release request (apiVersion gavel.dev/v1).")
  Path request;

  @Option(names = "--output", defaultValue = "json", description = "json or text (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--at", paramLabel = "RFC3339", converter = Rfc3339.class,
      description = "Evaluation time: freshness and ages are computed against it (default: now).")
  Instant at;

  @Option(names = "--data", paramLabel = "FILE",
      description = "JSON/YAML document deep-merged over the policy data (repeatable; objects merge, arrays and scalars replace).")
  List<Path> data = new ArrayList<>();

  @Option(names = "--explain", description = "Show which rules (file:line) produced each reason.")
  boolean explain;

  @Option(names = "--model-dir", paramLabel = "DIR",
      description = "The model's files (a directory or a single file): every model signature's manifest must equal them exactly.")
  Path modelDir;

  @Option(names = "--model-ignore", paramLabel = "PATH",
      description = "A path inside --model-dir to leave out, besides the manifest's own ignore paths and git's (repeatable).")
  List<String> modelIgnore = new ArrayList<>();

  @Mixin
  SharedOptions.Home home;

  @Mixin
  SharedOptions.Policies policies;

  @Mixin
  SharedOptions.Evaluator evaluator;

  @Mixin
  SharedOptions.Bundle bundle;

  EvaluateCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    if (!output.equals("json") && !output.equals("text")) {
      io.err().println("gavel evaluate: --output must be json or text but got " + output);
      return ExitCode.BAD_INPUT;
    }
    ReleaseRequest req;
    try {
      req = readRequest();
    } catch (InvalidRequestException e) {
      io.err().println("gavel evaluate: " + request + ": invalid release request:");
      e.problems().forEach(p -> io.err().println("  " + p));
      return ExitCode.BAD_INPUT;
    } catch (UserError e) {
      return Failures.report(io, "evaluate", e, ExitCode.INTERNAL);
    }
    try (Gavel gavel = home.runtime(io, policies, data, evaluator, bundle)) {
      // The model's files are read (and hashed) here, in the adapter; the core compares them as data.
      ModelFiles files = modelDir == null ? null : ModelDirectory.read(modelDir, modelIgnore);
      // The policy is read and compiled before the ledger is touched: a broken policy records nothing.
      gavel.evaluator().prepare(gavel.policySource().active());
      Decision d = gavel.releaseGate().decide(req, at, files);
      if (output.equals("text")) {
        io.out().print(d.toText(explain));
      } else {
        io.out().println(d.toJson(explain).toPrettyString());
      }
      return d.allow() ? ExitCode.ALLOWED : ExitCode.DENIED;
    } catch (InvalidRequestException e) {
      io.err().println("gavel evaluate: " + request + ": unusable evidence (nothing recorded):");
      for (RequestProblem p : e.problems()) {
        io.err().println("  " + p);
      }
      return ExitCode.BAD_INPUT;
    } catch (Exception e) {
      return Failures.report(io, "evaluate", e, ExitCode.INTERNAL);
    }
  }

  private ReleaseRequest readRequest() throws UserError, InvalidRequestException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(request);
    } catch (NoSuchFileException e) {
      throw new UserError(request + ": no such file");
    } catch (IOException e) {
      throw new UserError(request + ": cannot read: " + e.getMessage());
    }
    String text;
    try {
      text = Utf8.decode(bytes);
    } catch (Json.ParseException e) {
      throw new UserError(request + ": " + e.getMessage());
    }
    return new ReleaseRequestParser().parse(text);
  }
}
