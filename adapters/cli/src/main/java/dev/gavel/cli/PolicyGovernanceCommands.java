package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.TerminalText;
import dev.gavel.core.evidence.PrivateKeyPem;
import dev.gavel.core.governance.Governance;
import dev.gavel.core.governance.ImpactReport;
import dev.gavel.core.governance.PolicyActivation;
import dev.gavel.core.governance.PolicyApproval;
import dev.gavel.core.port.PolicySnapshot;
import dev.gavel.core.port.RevisionInfo;
import dev.gavel.core.port.VersionedPolicySource;
import dev.gavel.json.Json;
import dev.gavel.runtime.Gavel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gavel policy status|log|approve|activate|impact}: governance of policies versioned in Git (DESIGN 3.5). */
final class PolicyGovernanceCommands {
  private PolicyGovernanceCommands() {}

  /** Shared: the runtime for the policy source flags. */
  abstract static class Base implements Callable<Integer> {
    final Io io;

    @Mixin
    SharedOptions.Home home;

    @Mixin
    SharedOptions.Policies policies;

    Base(Io io) {
      this.io = io;
    }

    abstract String name();

    abstract int run(Gavel g) throws Exception;

    @Override
    public Integer call() {
      try (Gavel g = home.runtime(io, policies, List.of())) {
        return run(g);
      } catch (Exception e) {
        return Failures.report(io, "policy " + name(), e, ExitCode.BAD_INPUT);
      }
    }
  }

  /** Who runs this command, as governance records it. */
  static String actor() {
    return "cli:" + System.getProperty("user.name", "?");
  }

  static String gates(PolicyActivation a) {
    StringBuilder sb = new StringBuilder();
    for (PolicyActivation.Gate g : a.gates()) {
      sb.append("  ").append(g.passed() ? "ok    " : "FAILED").append(' ').append(g.gate()).append(": ")
          .append(TerminalText.escape(g.detail())).append('\n');
      if (g.gate().equals("approvals")) {
        for (JsonNode c : a.approvals()) {
          sb.append("         ").append(c.path("valid").asBoolean() ? "counts   " : "ignored  ")
              .append(TerminalText.escape(c.path("approver").asText("(unreadable)"))).append(": ")
              .append(TerminalText.escape(c.path("detail").asText())).append('\n');
        }
      }
    }
    return sb.toString();
  }

  static String describe(Governance.Recorded r) {
    PolicyActivation a = r.activation();
    String what = switch (a.outcome()) {
      case IMPLICIT -> "IMPLICIT ";
      case ACTIVATED -> a.bootstrap() ? "BOOTSTRAP" : "ACTIVATED";
      case REFUSED -> "REFUSED  ";
    };
    RevisionInfo c = a.commit();
    return r.timestamp() + "  " + what + "  " + a.revision() + (c == null ? "" : "  " + TerminalText.escape(c.subject())
        + "  (" + TerminalText.escape(c.author().email()) + ")") + "  [ledger entry " + r.index() + "]";
  }

  /** {@code gavel policy status}. */
  @Command(name = "status", mixinStandardHelpOptions = true, description = {"The active policy revision, and the tracked ref's head.",
      "Exit code 0."})
  static final class Status extends Base {
    Status(Io io) {
      super(io);
    }

    @Override
    String name() {
      return "status";
    }

    @Override
    int run(Gavel g) throws Exception {
      var active = Governance.active(g.reader());
      if (active.isEmpty()) {
        io.out().println("active: none (the first activation is `gavel policy activate --bootstrap`)");
      } else {
        io.out().println("active: " + describe(active.get()));
      }
      if (g.config().policyRepo() != null) {
        VersionedPolicySource repo = g.repository();
        String head = repo.head();
        RevisionInfo info = repo.info(head);
        io.out().println("head:   " + head + "  " + TerminalText.escape(info.subject()) + "  (" + repo.description() + ")");
        repo.unreachable().ifPresent(u -> io.out().println("remote: UNREACHABLE (" + TerminalText.escape(u)
            + "); the active revision keeps deciding"));
        boolean pending = active.isEmpty() || !active.get().activation().revision().equals(head);
        io.out().println(pending ? "the head is not active yet: `gavel policy impact " + head.substring(0, 12)
            + "` shows what it would change" : "the head is the active revision");
      }
      return ExitCode.OK;
    }
  }

  /** {@code gavel policy log}. */
  @Command(name = "log", mixinStandardHelpOptions = true, description = {"Every activation and refusal, newest first, with its gates.",
      "Exit code 0."})
  static final class Log extends Base {
    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    Log(Io io) {
      super(io);
    }

    @Override
    String name() {
      return "log";
    }

    @Override
    int run(Gavel g) throws Exception {
      List<Governance.Recorded> log = Governance.log(g.reader(), limit);
      if (log.isEmpty()) {
        io.out().println("no policy activations yet");
      }
      for (Governance.Recorded r : log) {
        io.out().println(describe(r));
        io.out().print(gates(r.activation()));
      }
      return ExitCode.OK;
    }
  }

  /** {@code gavel policy approve REV --key FILE --approver ID}. */
  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = {"A board member's signed approval (or --reject) of revision REV: a DSSE envelope over",
          "{commit, approver, decision, at}, signed with the member's board key (PEM PKCS#8: Ed25519, ECDSA or RSA).",
          "Recorded in the ledger as a policy-approval entry, written to -o FILE for `gavel policy activate --approval`,",
          "or posted with --submit to a gavel serve (POST /v1/policy/approvals, a board token from $GAVEL_TOKEN or",
          "--token-file). Exit codes: 0 done, 2 error (nothing recorded)."})
  static final class Approve extends Base {
    @Parameters(index = "0", paramLabel = "REV", description = "The revision (commit id, or a ref of --policy-repo).")
    String revision;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The approver's private key (PEM PKCS#8).")
    Path key;

    @Option(names = "--approver", required = true, paramLabel = "ID", description = "The board member id (data.gavel.board.members[].id).")
    String approver;

    @Option(names = "--reject", description = "Sign a rejection instead of an approval.")
    boolean reject;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the approval to FILE instead of the ledger.")
    Path output;

    @Option(names = "--submit", paramLabel = "URL", description = "Post the approval to the gavel serve at URL (e.g. https://gavel.internal:8443).")
    String submit;

    @Option(names = "--token-file", paramLabel = "FILE", description = "With --submit: a file holding the board token (default: $GAVEL_TOKEN).")
    Path tokenFile;

    @Option(names = "--cacert", paramLabel = "PEM", description = "With --submit: CA certificates to trust for the server's TLS certificate.")
    Path cacert;

    Approve(Io io) {
      super(io);
    }

    @Override
    String name() {
      return "approve";
    }

    @Override
    int run(Gavel g) throws Exception {
      if (output != null && submit != null) {
        throw new UserError("-o and --submit exclude each other: write the approval to a file or post it");
      }
      if (submit == null && (tokenFile != null || cacert != null)) {
        throw new UserError("--token-file and --cacert go with --submit");
      }
      String commit = g.config().policyRepo() != null ? g.repository().info(revision).commit() : revision;
      if (!commit.matches("[0-9a-f]{40}")) {
        throw new UserError("'" + revision + "' is not a full commit id; give --policy-repo to resolve it");
      }
      String pem;
      try {
        pem = Files.readString(key, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new UserError("cannot read the key " + key + ": " + e.getMessage());
      }
      java.security.PrivateKey pk;
      try {
        pk = PrivateKeyPem.parse(pem);
      } catch (IllegalArgumentException e) {
        throw new UserError(key + ": " + e.getMessage());
      }
      PolicyApproval a = new PolicyApproval(commit, approver, reject ? "reject" : "approve", Instant.now().truncatedTo(ChronoUnit.SECONDS));
      ObjectNode envelope = a.sign(pk);
      if (output != null) {
        try {
          Files.writeString(output, envelope.toPrettyString() + "\n");
        } catch (IOException e) {
          throw new UserError("cannot write " + output + ": " + e.getMessage());
        }
        io.out().println("wrote the " + a.decision() + " of " + commit + " by " + approver + " to " + output);
        return ExitCode.OK;
      }
      if (submit != null) {
        ServerClient.Answer r = ServerClient.connect(submit, tokenFile, cacert, io.env()).post("/v1/policy/approvals", envelope);
        io.out().println("submitted the " + a.decision() + " of " + commit + " by " + approver + " to " + r.uri()
            + ": recorded at ledger entry " + r.body().path("index").asLong());
        return ExitCode.OK;
      }
      try {
        long index = g.governance().submit(envelope, actor());
        io.out().println("recorded the " + a.decision() + " of " + commit + " by " + approver + " at ledger entry " + index);
        return ExitCode.OK;
      } catch (Governance.InvalidApprovalException e) {
        throw new UserError(e.getMessage());
      }
    }
  }

  /** {@code gavel policy activate [REV] [--bootstrap]}. */
  @Command(name = "activate", mixinStandardHelpOptions = true,
      description = {"Activate revision REV (default: the tracked ref's head) if every gate passes: it is on the tracked ref,",
          "compiles and its trust data loads, its tests pass, and it carries enough valid approvals by members of the",
          "active revision's board (data.gavel.governance.policyApprovals.required), none by its author, no rejection.",
          "--bootstrap: the first activation of a ledger (no approvals counted). Activations and refusals are recorded.",
          "Exit codes: 0 activated, 1 refused (each failed gate named), 2 error."})
  static final class Activate extends Base {
    @Parameters(index = "0", arity = "0..1", paramLabel = "REV", description = "The revision (default: the head of the tracked ref).")
    String revision;

    @Option(names = "--bootstrap", description = "The first activation of this ledger: no approvals are counted.")
    boolean bootstrap;

    @Option(names = "--approval", paramLabel = "FILE", description = "An approval written by `gavel policy approve -o` (repeatable).")
    List<Path> approvals = new ArrayList<>();

    Activate(Io io) {
      super(io);
    }

    @Override
    String name() {
      return "activate";
    }

    @Override
    int run(Gavel g) throws Exception {
      List<JsonNode> files = new ArrayList<>();
      for (Path f : approvals) {
        try {
          files.add(Json.read(Files.readAllBytes(f)));
        } catch (IOException e) {
          throw new UserError("cannot read " + f + ": " + e.getMessage());
        } catch (Json.ParseException e) {
          throw new UserError(f + ": not JSON: " + e.located());
        }
      }
      Governance governance;
      try {
        governance = g.governance();
      } catch (dev.gavel.core.port.PolicySourceException e) {
        // Even a repository that cannot be read is a refusal the board sees in the log.
        Governance.Recorded refused = Governance.refuseUnreadable(g.ledger(), Instant::now,
            revision == null ? "the head of " + g.config().policyRepo().location() : revision, bootstrap, e.getMessage(),
            actor());
        io.out().println("REFUSED " + refused.activation().revision() + " (ledger entry " + refused.index() + ")");
        io.out().print(gates(refused.activation()));
        io.out().println("the active revision is unchanged");
        return ExitCode.FAILED;
      }
      Governance.Result r = governance.activate(revision, bootstrap, files, actor());
      PolicyActivation a = r.recorded().activation();
      io.out().println((r.activated() ? "ACTIVATED " : "REFUSED ") + a.revision() + " (ledger entry " + r.recorded().index() + ")");
      io.out().print(gates(a));
      if (!r.activated()) {
        io.out().println("the active revision is unchanged");
      }
      return r.activated() ? ExitCode.OK : ExitCode.FAILED;
    }
  }

  /** {@code gavel policy impact REV}. */
  @Command(name = "impact", mixinStandardHelpOptions = true,
      description = {"Replay recorded decisions (newest first) against REV at their recorded evaluation time, with evidence",
          "re-verified under REV's trust data, and report every decision that would change. Writes nothing.",
          "Exit codes: 0 no change, 1 changes, 2 error."})
  static final class Impact extends Base {
    @Parameters(index = "0", paramLabel = "REV", description = "The proposed revision (commit id or ref).")
    String revision;

    @Option(names = "--since", paramLabel = "RFC3339", converter = Rfc3339.class, description = "Only decisions recorded at or after it.")
    Instant since;

    @Option(names = "--limit", defaultValue = "10000", description = "At most this many decisions, newest first (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--output", defaultValue = "text", description = "text, json or markdown (default: ${DEFAULT-VALUE}).")
    String output;

    Impact(Io io) {
      super(io);
    }

    @Override
    String name() {
      return "impact";
    }

    @Override
    int run(Gavel g) throws Exception {
      if (!List.of("text", "json", "markdown").contains(output)) {
        throw new UserError("--output must be text, json or markdown but got " + output);
      }
      if (limit < 1) {
        throw new UserError("--limit must be at least 1 but got " + limit);
      }
      PolicySnapshot proposed = g.repository().snapshot(revision);
      g.evaluator().prepare(proposed);
      ImpactReport report = g.impact().run(proposed, since, limit);
      switch (output) {
        case "json" -> io.out().println(report.toJson().toPrettyString());
        case "markdown" -> io.out().print(report.toMarkdown());
        default -> io.out().print(report.toText());
      }
      return report.changed().isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }
  }
}
