package dev.gavel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gavel policy ...}: tools for policy authors. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Policy authoring and governance: test, fmt, status, log, approve, activate, impact.")
final class PolicyCommand implements Runnable {
  private final Io io;

  PolicyCommand(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(io.out());
  }
}
