package dev.gavel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gavel rego ...}: the embedded Rego engine, like the {@code opa} tool. */
@Command(name = "rego", mixinStandardHelpOptions = true, description = "Evaluate Rego with the embedded engine.")
final class RegoCommand implements Runnable {
  private final Io io;

  RegoCommand(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(io.out());
  }
}
