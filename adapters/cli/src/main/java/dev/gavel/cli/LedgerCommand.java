package dev.gavel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gavel ledger ...}: auditor tools. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Auditor tools for the decision ledger.")
final class LedgerCommand implements Runnable {
  private final Io io;

  LedgerCommand(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(io.out());
  }
}
