package dev.gavel.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gavel} command. */
@Command(name = "gavel", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Policy-as-code release gate for machine-learning models.",
        "Evaluates release requests against Rego policies and records every decision in a tamper-evident ledger."})
public final class Main implements Runnable {
  private final Io io;

  Main(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(io.out());
  }

  public static void main(String[] args) {
    int code;
    try {
      code = run(args, System.out, System.err, System.getenv());
    } catch (Throwable t) {
      // Nothing may escape as the JVM's default exit code 1, which means "denied".
      code = ExitCode.INTERNAL;
    }
    System.exit(code);
  }

  /** Runs the CLI and returns the exit code (DESIGN 3.4). */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    Io io = new Io(out, err, env);
    CommandLine cl = new CommandLine(new Main(io));
    cl.addSubcommand(new EvaluateCommand(io));
    cl.addSubcommand(new CommandLine(new LedgerCommand(io))
        .addSubcommand(new LedgerVerifyCommand(io))
        .addSubcommand(new LedgerExportCommand(io))
        .addSubcommand(new LedgerToolsCommands.LatestCheckpoint(io))
        .addSubcommand(new LedgerToolsCommands.Proof(io))
        .addSubcommand(new LedgerToolsCommands.Consistency(io))
        .addSubcommand(new LedgerReplayCommand(io))
        .addSubcommand(new LedgerMigrateCommand(io)));
    cl.addSubcommand(new CommandLine(new KeysCommand(io))
        .addSubcommand(new KeysCommand.Generate(io))
        .addSubcommand(new KeysCommand.Public(io))
        .addSubcommand(new KeysCommand.Rotate(io)));
    cl.addSubcommand(new CommandLine(new RegoCommand(io)).addSubcommand(new RegoEvalCommand(io)));
    cl.addSubcommand(new CommandLine(new PolicyCommand(io)).addSubcommand(new PolicyTestCommand(io))
        .addSubcommand(new PolicyFmtCommand(io))
        .addSubcommand(new PolicyCheckCommand(io))
        .addSubcommand(new PolicyGovernanceCommands.Status(io))
        .addSubcommand(new PolicyGovernanceCommands.Log(io))
        .addSubcommand(new PolicyGovernanceCommands.Approve(io))
        .addSubcommand(new PolicyGovernanceCommands.Activate(io))
        .addSubcommand(new PolicyGovernanceCommands.Impact(io)));
    cl.addSubcommand(new ConformanceCommand(io));
    cl.addSubcommand(new CapabilitiesCommand(io));
    cl.addSubcommand(BundleCommand.command(io));
    cl.addSubcommand(new ServeCommand(io));
    cl.addSubcommand(TokensCommand.line(io));
    cl.addSubcommand(new CommandLine(new ModelCommand(io)));
    cl.addSubcommand(new RevokeCommand(io));
    cl.addSubcommand(ArtifactCommand.line(io));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      err.println("gavel: internal error: " + ex);
      return ExitCode.INTERNAL;
    });
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      // An evaluation that exhausts the JVM is an internal error, never an answer (fail closed).
      err.println("gavel: internal error (fail closed, nothing recorded): " + e);
      return ExitCode.INTERNAL;
    } catch (Throwable t) {
      err.println("gavel: internal error: " + t);
      return ExitCode.INTERNAL;
    }
  }

  /** Reports the version from the jar manifest (or "dev" when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"gavel " + (v == null ? "dev" : v)};
    }
  }
}
