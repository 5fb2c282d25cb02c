package dev.gavel.cli;

import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.runtime.Gavel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The auditor's read-only ledger tools: checkpoint, proof, consistency (export, verify and replay have their own files). */
final class LedgerToolsCommands {
  private LedgerToolsCommands() {}

  /** Shared: open the home's ledger for reading only (nothing is created or written). */
  abstract static class Base implements Callable<Integer> {
    final Io io;

    @Mixin
    SharedOptions.Home home;

    Base(Io io) {
      this.io = io;
    }

    abstract String name();

    abstract int run(Gavel gavel, LedgerReader ledger) throws Exception;

    @Override
    public Integer call() {
      try (Gavel g = home.runtime(io)) {
        return run(g, g.reader());
      } catch (Exception e) {
        return Failures.report(io, "ledger " + name(), e, ExitCode.BAD_INPUT);
      }
    }
  }

  /** {@code gavel ledger checkpoint}: the newest signed checkpoint. */
  @Command(name = "checkpoint", mixinStandardHelpOptions = true, description = "Print the latest signed checkpoint (C2SP signed note).")
  static final class LatestCheckpoint extends Base {
    LatestCheckpoint(Io io) {
      super(io);
    }

    @Override
    String name() {
      return "checkpoint";
    }

    @Override
    int run(Gavel g, LedgerReader store) throws LedgerException, UserError {
      String note = store.latestCheckpoint().orElseThrow(() -> new UserError("the ledger has no checkpoint yet"));
      io.out().print(note);
      return ExitCode.OK;
    }
  }

  /** {@code gavel ledger proof}: an RFC 9162 inclusion proof. */
  @Command(name = "proof", mixinStandardHelpOptions = true, description = "Print the inclusion proof of an entry as JSON.")
  static final class Proof extends Base {
    @Option(names = "--index", required = true, description = "Entry index.")
    long index;

    @Option(names = "--size", description = "Tree size (default: the whole ledger).")
    Long size;

    Proof(Io io) {
      super(io);
    }

    @Override
    String name() {
      return "proof";
    }

    @Override
    int run(Gavel g, LedgerReader store) throws LedgerException, UserError {
      long all = store.size();
      long n = size == null ? all : size;
      if (n > all || index < 0 || index >= n) {
        throw new UserError("index " + index + " is not in a tree of size " + n + " (ledger has " + all + " entries)");
      }
      io.out().println(store.inclusionProof(index, n).toJson().toPrettyString());
      return ExitCode.OK;
    }
  }

  /** {@code gavel ledger consistency}: an RFC 9162 consistency proof. */
  @Command(name = "consistency", mixinStandardHelpOptions = true, description = "Print the consistency proof between two tree sizes as JSON.")
  static final class Consistency extends Base {
    @Option(names = "--from", required = true, description = "Older tree size.")
    long from;

    @Option(names = "--to", required = true, description = "Newer tree size.")
    long to;

    Consistency(Io io) {
      super(io);
    }

    @Override
    String name() {
      return "consistency";
    }

    @Override
    int run(Gavel g, LedgerReader store) throws LedgerException, UserError {
      long all = store.size();
      if (from < 1 || from > to || to > all) {
        throw new UserError("need 1 <= --from <= --to <= " + all);
      }
      io.out().println(store.consistencyProof(from, to).toJson().toPrettyString());
      return ExitCode.OK;
    }
  }
}
