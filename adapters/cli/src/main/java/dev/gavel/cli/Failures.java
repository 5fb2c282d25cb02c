package dev.gavel.cli;

import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.LedgerExport;
import dev.gavel.core.RequestProblem;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.PolicyEvaluationException;
import dev.gavel.core.port.PolicySourceException;
import dev.gavel.runtime.ConfigurationException;

/**
 * The one place where failures become exit codes (DESIGN 3.4) and messages: what the user gave
 * (flags, files, configuration, requests, policies that do not compile, the wrong key) is exit 2;
 * what went wrong inside is the command's internal code (3 for evaluate, which must never let an
 * error look like a denial; 2 for the tools, whose exit codes are 0/1/2).
 */
final class Failures {
  private Failures() {}

  static int report(Io io, String command, Exception e, int internal) {
    String prefix = "gavel " + command + ": ";
    if (e instanceof InvalidRequestException ire) {
      io.err().println(prefix + "invalid input (nothing recorded):");
      for (RequestProblem p : ire.problems()) {
        io.err().println("  " + p);
      }
      return ExitCode.BAD_INPUT;
    }
    if (e instanceof PolicyEvaluationException pe) {
      if (pe.kind() == PolicyEvaluationException.Kind.POLICY_INVALID) {
        io.err().println(prefix + pe.getMessage());
        return ExitCode.BAD_INPUT;
      }
      io.err().println(prefix + "cannot decide (fail closed, nothing recorded): " + pe.getMessage());
      return internal;
    }
    if (e instanceof LedgerException le) {
      if (le.kind() == LedgerException.Kind.KEY_MISMATCH) {
        io.err().println(prefix + le.getMessage());
        return ExitCode.BAD_INPUT;
      }
      io.err().println(prefix + "ledger error (fail closed): " + le.getMessage());
      return internal;
    }
    if (e instanceof UserError || e instanceof ConfigurationException || e instanceof PolicySourceException
        || e instanceof LedgerExport.ExportException) {
      io.err().println(prefix + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
    io.err().println(prefix + "internal error: " + e);
    return internal;
  }
}
