package dev.gavel.cli;

import dev.gavel.ledger.NoteVerifier;
import dev.gavel.runtime.Gavel;
import dev.gavel.store.LedgerCopy;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gavel ledger migrate --to URL}: the ledger (by default the home's SQLite file) copied byte
 * for byte into an empty database, typically the PostgreSQL that replicas will share, and proven.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {"Copy the ledger (--store, default $GAVEL_HOME/ledger.db) into an empty database, byte for byte:",
        "every entry's bytes, hash and index columns, every signed checkpoint, the key in force. The source must pass",
        "the full audit first; the copy is then read back and must give the same digest of every row, the same",
        "head and Merkle root, and pass the full audit. A target that holds anything is refused. Stop the writers",
        "of the source first. Credentials for the target: its URL, GAVEL_STORE_USER/GAVEL_STORE_PASSWORD, or",
        "store-user/store-password-file in gavel.yaml.",
        "Exit codes: 0 copied and verified, 1 the source or the copy does not verify, 2 error (nothing copied)."})
final class LedgerMigrateCommand implements Callable<Integer> {
  private final Io io;

  @Mixin
  SharedOptions.Home home;

  @Option(names = "--to", required = true, paramLabel = "JDBC-URL",
      description = "The empty target database, e.g. jdbc:postgresql://db.example:5432/gavel.")
  String to;

  @Option(names = "--public-key", paramLabel = "FILE",
      description = "The ledger's verifier key (`gavel keys public`); default: the key under $GAVEL_HOME.")
  Path publicKey;

  LedgerMigrateCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    try (Gavel g = home.runtime(io)) {
      NoteVerifier key = publicKey != null ? LedgerVerifyCommand.readKey(publicKey)
          : NoteVerifier.parse(g.keys().currentVerifierKey().orElseThrow(() -> new UserError("no signing key under "
              + g.keys().keyFile() + "; pass --public-key with the ledger's verifier key")));
      LedgerCopy.Report r;
      try (Progress progress = Progress.start(io, 0, "entries copied")) {
        r = g.copyLedgerTo(to, key, progress::step);
      }
      io.out().println("migrated " + r.entries() + " entries and " + r.checkpoints() + " checkpoints from " + r.from() + " to " + r.to());
      io.out().println("verified: every row reads back byte for byte, head " + r.headHash() + ", Merkle root " + r.root()
          + ", full audit passed");
      io.out().println("next: point the replicas at it with --store (or store: in gavel.yaml)");
      return ExitCode.OK;
    } catch (LedgerCopy.Refused e) {
      io.err().println("gavel ledger migrate: " + e.getMessage());
      return e.failedAudit() ? ExitCode.FAILED : ExitCode.BAD_INPUT;
    } catch (Exception e) {
      return Failures.report(io, "ledger migrate", e, ExitCode.BAD_INPUT);
    }
  }
}
