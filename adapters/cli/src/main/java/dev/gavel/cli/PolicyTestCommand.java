package dev.gavel.cli;

import dev.gavel.bundles.PolicyFiles;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.rego.EvalOptions;
import dev.gavel.rego.RegoException;
import dev.gavel.rego.Rego;
import dev.gavel.rego.test.CoverageReport;
import dev.gavel.rego.test.PolicyTestRunner;
import dev.gavel.rego.test.TestResult;
import dev.gavel.rego.value.JsonValues;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gavel policy test}: run test_ rules like {@code opa test}. */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = {"Run the test_ rules of Rego files, like `opa test`; todo_ rules are skipped.",
        "Exit codes: 0 all pass, 1 failures, 2 errors."})
final class PolicyTestCommand implements Callable<Integer> {
  private static final String RULE = "-".repeat(80);
  private final Io io;

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files or directories (default: policies).")
  List<Path> paths = new ArrayList<>();

  @Option(names = {"-v", "--verbose"}, description = "Print every test, not only failures.")
  boolean verbose;

  @Option(names = "--coverage", description = "Report covered and missed lines per file.")
  boolean coverage;

  PolicyTestCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    List<Path> roots = paths.isEmpty() ? List.of(Path.of("policies")) : paths;
    PolicyTestRunner.Outcome outcome;
    try {
      PolicySnapshot src = PolicyFiles.load(roots, List.of(), PolicyFiles.Naming.AS_GIVEN);
      Rego.Builder b = Rego.builder();
      for (PolicySnapshot.Module m : src.modules()) {
        b.module(m.path(), m.text());
      }
      Rego rego = b.data(JsonValues.fromJson(src.data())).build();
      EvalOptions opts = EvalOptions.at(Instant.now()).printTo(line -> io.out().println(line));
      outcome = new PolicyTestRunner(rego, opts).run();
    } catch (PolicySourceException e) {
      io.err().println("gavel policy test: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    } catch (RegoException e) {
      io.err().println(e.render());
      return ExitCode.BAD_INPUT;
    }
    int pass = 0;
    int fail = 0;
    int error = 0;
    int skip = 0;
    for (TestResult t : outcome.results()) {
      switch (t.status()) {
        case PASS -> pass++;
        case FAIL -> fail++;
        case ERROR -> error++;
        case SKIPPED -> skip++;
        default -> { }
      }
    }
    if (fail + error > 0) {
      io.out().println("FAILURES");
      io.out().println(RULE);
      for (TestResult t : outcome.results()) {
        if (t.status() == TestResult.Status.FAIL || t.status() == TestResult.Status.ERROR) {
          io.out().println(t.location() + ": " + t.name() + ": " + t.status()
              + (t.error() == null ? "" : " (" + t.error() + ")"));
        }
      }
      io.out().println();
    }
    if (verbose || fail + error > 0) {
      io.out().println(verbose ? "RESULTS" : "SUMMARY");
      io.out().println(RULE);
      for (TestResult t : outcome.results()) {
        if (verbose || t.status() != TestResult.Status.PASS) {
          io.out().printf("%s: %s (%.3fms)%n", t.name(), t.status(), t.nanos() / 1e6);
        }
      }
      io.out().println(RULE);
    }
    int total = outcome.results().size();
    if (pass > 0) {
      io.out().println("PASS: " + pass + "/" + total);
    }
    if (fail > 0) {
      io.out().println("FAIL: " + fail + "/" + total);
    }
    if (error > 0) {
      io.out().println("ERROR: " + error + "/" + total);
    }
    if (skip > 0) {
      io.out().println("SKIPPED: " + skip + "/" + total);
    }
    if (total == 0) {
      io.out().println("no tests found");
    }
    if (coverage) {
      printCoverage(outcome.coverage());
    }
    if (error > 0) {
      return ExitCode.BAD_INPUT;
    }
    return fail > 0 ? ExitCode.FAILED : ExitCode.OK;
  }

  private void printCoverage(CoverageReport report) {
    io.out().println();
    io.out().println("COVERAGE");
    io.out().println(RULE);
    for (Map.Entry<String, CoverageReport.FileCoverage> e : report.files().entrySet()) {
      CoverageReport.FileCoverage fc = e.getValue();
      io.out().printf("%s: %.1f%%%n", e.getKey(), fc.percent());
      if (!fc.covered().isEmpty()) {
        io.out().println("  covered lines: " + CoverageReport.ranges(fc.covered()));
      }
      if (!fc.notCovered().isEmpty()) {
        io.out().println("  missed lines:  " + CoverageReport.ranges(fc.notCovered()));
      }
    }
    io.out().printf("total coverage: %.1f%%%n", report.percent());
  }
}
