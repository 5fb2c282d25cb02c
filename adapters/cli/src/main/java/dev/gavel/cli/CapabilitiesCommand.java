package dev.gavel.cli;

import dev.gavel.rego.Capabilities;
import dev.gavel.rego.value.JsonValues;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code gavel capabilities}: the embedded engine's catalogue in the format of OPA's capabilities
 * file (every builtin with its declared types, the future keywords and features), so a policy
 * author can diff it with {@code opa capabilities --version vX}.
 */
@Command(name = "capabilities", mixinStandardHelpOptions = true,
    description = {"Print the embedded Rego engine's builtins and features in OPA's capabilities JSON format."})
final class CapabilitiesCommand implements Callable<Integer> {
  private final Io io;

  CapabilitiesCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    io.out().println(JsonValues.writePretty(Capabilities.standard()));
    return ExitCode.OK;
  }
}
