package dev.gavel.cli;

import dev.gavel.core.Decision;
import dev.gavel.core.DecisionReplay;
import dev.gavel.core.governance.PolicyActivation;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerRecord;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.runtime.Gavel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code gavel ledger replay DECISION-ID}: re-evaluates a recorded request at its recorded time
 * against the policy text recorded in the ledger, and says whether the outcome and reasons are
 * identical. Writes nothing.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Re-evaluate a recorded decision at its recorded policy revision and evaluation time.",
        "Exit codes: 0 identical, 1 different, 2 cannot replay (unknown id, masked input, no policy activation)."})
final class LedgerReplayCommand extends LedgerToolsCommands.Base {
  @Parameters(index = "0", paramLabel = "DECISION-ID", description = "The decisionId of a recorded decision.")
  String decisionId;

  LedgerReplayCommand(Io io) {
    super(io);
  }

  @Override
  String name() {
    return "replay";
  }

  @Override
  int run(Gavel g, LedgerReader store) throws Exception {
    LedgerRecord entry = store.find("decision", decisionId)
        .orElseThrow(() -> new UserError("no decision " + decisionId + " in the ledger"));
    Decision recorded = Decision.fromPayload(entry.payload(), entry.timestamp());
    String revision = recorded.policy().revision();
    LedgerRecord activation = store.find("policy-activation", revision).orElseThrow(() -> new UserError(
        "decision " + decisionId + " names policy revision " + revision + " but the ledger holds no policy-activation "
            + "entry with its text (decisions recorded before policy activations existed cannot be replayed)"));
    PolicySnapshot snapshot;
    try {
      snapshot = PolicyActivation.fromPayload(activation.payload()).snapshot();
    } catch (IllegalArgumentException e) {
      throw new UserError("the policy-activation entry " + activation.index() + " cannot be read: " + e.getMessage());
    }
    DecisionReplay.Result r = g.replay().replay(recorded, snapshot);
    String where = "decision " + decisionId + " (entry " + entry.index() + ", policy activation entry " + activation.index() + ")";
    switch (r.status()) {
      case IDENTICAL:
        io.out().println("IDENTICAL: " + where + ": allow=" + recorded.allow() + " and " + recorded.reasons().size()
            + " reasons reproduced; " + r.explanation());
        return ExitCode.OK;
      case DIFFERENT:
        io.out().println("DIFFERENT: " + where + "; " + r.explanation());
        r.differences().forEach(d -> io.out().println("  " + d));
        return ExitCode.FAILED;
      default:
        io.err().println("gavel ledger replay: cannot replay " + where + ": " + r.explanation());
        return ExitCode.BAD_INPUT;
    }
  }
}
