package dev.gavel.cli;

import dev.gavel.core.port.LedgerException;
import dev.gavel.ledger.ChainFailure;
import dev.gavel.store.SqliteLedgerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gavel ledger verify}: re-derive every entry hash and chain link. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Re-derive every entry hash and chain link of the local ledger.",
        "Exit codes: 0 valid, 1 tampered (the first bad index is named), 2 error."})
final class LedgerVerifyCommand implements Callable<Integer> {
  private final Io io;

  @Option(names = "--home", description = "State directory (default: $GAVEL_HOME or ~/.gavel).")
  Path home;

  LedgerVerifyCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    Path file;
    try {
      file = GavelHome.ledgerFile(GavelHome.resolve(home, io.env()));
    } catch (UserError e) {
      io.err().println("gavel ledger verify: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    if (!Files.exists(file)) {
      io.err().println("gavel ledger verify: no ledger at " + file);
      return ExitCode.BAD_INPUT;
    }
    try (SqliteLedgerStore store = SqliteLedgerStore.openForAudit(file)) {
      long n = store.size();
      Optional<ChainFailure> failure = store.verify();
      if (failure.isPresent()) {
        io.out().println("TAMPERED: " + failure.get());
        return ExitCode.FAILED;
      }
      io.out().println("OK: " + n + " entries, hash chain intact");
      return ExitCode.OK;
    } catch (LedgerException e) {
      io.err().println("gavel ledger verify: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
  }
}
