package dev.gavel.cli;

import dev.gavel.core.Decision;
import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.PolicySource;
import dev.gavel.core.RegoPolicyEvaluator;
import dev.gavel.core.evidence.EvidenceVerifier;
import dev.gavel.core.evidence.TrustDataException;
import dev.gavel.core.evidence.TrustRoots;
import dev.gavel.core.ReleaseGate;
import dev.gavel.core.ReleaseRequest;
import dev.gavel.core.ReleaseRequestParser;
import dev.gavel.core.RequestProblem;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.rego.RegoException;
import dev.gavel.store.SqliteLedgerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(names = "--at", paramLabel = "RFC3339",
      description = "Evaluation time: freshness and ages are computed against it (default: now).")
  String at;

  @Option(names = "--data", paramLabel = "FILE",
      description = "JSON/YAML document deep-merged over the policy data (repeatable; objects merge, arrays and scalars replace).")
  List<Path> data = new java.util.ArrayList<>();

  @Option(names = "--explain", description = "Show which rules (file:line) produced each reason.")
  boolean explain;

  @Option(names = "--home", description = "State directory (default: $GAVEL_HOME or ~/.gavel).")
  Path home;

  @Option(names = "--policies", description = "Policy directory (default: $GAVEL_POLICIES, else $GAVEL_HOME/policies).")
  Path policies;

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
    RegoPolicyEvaluator evaluator;
    EvidenceVerifier evidence;
    Path homeDir;
    Instant evaluationTime;
    try {
      evaluationTime = evaluationTime();
      req = readRequest();
      homeDir = GavelHome.resolve(home, io.env());
      PolicySource source = PolicyFiles.load(List.of(policyDir(homeDir)), data);
      evidence = new EvidenceVerifier(TrustRoots.fromPolicyData(source.data()));
      evaluator = new RegoPolicyEvaluator(source);
    } catch (TrustDataException e) {
      io.err().println("gavel evaluate: policy data: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    } catch (UserError e) {
      io.err().println("gavel evaluate: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    } catch (InvalidRequestException e) {
      io.err().println("gavel evaluate: " + request + ": invalid release request:");
      for (RequestProblem p : e.problems()) {
        io.err().println("  " + p);
      }
      return ExitCode.BAD_INPUT;
    } catch (RegoException e) {
      io.err().println("gavel evaluate: policy does not compile:\n" + e.render());
      return ExitCode.BAD_INPUT;
    }
    dev.gavel.ledger.NoteSigner key;
    try {
      key = KeyFiles.loadOrCreate(homeDir);
    } catch (UserError e) {
      io.err().println("gavel evaluate: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    try (SqliteLedgerStore ledger = SqliteLedgerStore.open(GavelHome.ledgerFile(homeDir), key)) {
      Decision d = new ReleaseGate(evaluator, evidence, ledger, Instant::now, new SecureRandom(),
          statement -> dev.gavel.ledger.DecisionAttestation.envelope(statement, key)).decide(req, evaluationTime);
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
    } catch (PolicyEvaluationException e) {
      io.err().println("gavel evaluate: cannot decide (fail closed, nothing recorded): " + e.getMessage());
      return ExitCode.INTERNAL;
    } catch (LedgerException e) {
      io.err().println("gavel evaluate: ledger error (fail closed): " + e.getMessage());
      return ExitCode.INTERNAL;
    }
  }

  private Instant evaluationTime() throws UserError {
    if (at == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(at).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new UserError("--at must be an RFC 3339 date-time such as 2026-11-30T12:00:00Z but got '" + at + "'");
    }
  }

  private ReleaseRequest readRequest() throws UserError, InvalidRequestException {
    String text;
    try {
      text = Files.readString(request, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError(request + ": no such file");
    } catch (IOException e) {
      throw new UserError(request + ": cannot read: " + e.getMessage());
    }
    return new ReleaseRequestParser().parse(text);
  }

  private Path policyDir(Path homeDir) throws UserError {
    if (policies != null) {
      return policies;
    }
    String env = io.env().get("GAVEL_POLICIES");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path inHome = homeDir.resolve("policies");
    if (Files.isDirectory(inHome)) {
      return inHome;
    }
    throw new UserError("no policy directory: pass --policies DIR, set GAVEL_POLICIES, or create " + inHome);
  }

}
