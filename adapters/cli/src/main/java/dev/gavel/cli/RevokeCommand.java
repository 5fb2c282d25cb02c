package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.Revocation;
import dev.gavel.core.Revocations;
import dev.gavel.core.TerminalText;
import dev.gavel.runtime.Gavel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gavel revoke --artifact SHA256 | --decision ID --reason TEXT}: the risk officer withdraws
 * a released artifact (or every artifact of a decision). The revocation is signed with Gavel's key
 * and recorded as a {@code revocation} ledger entry (on this host, or on a server with {@code
 * --submit URL} as a risk-officer token); from then on {@code gavel artifact status} and {@code GET
 * /v1/artifacts/{sha256}} answer {@code revoked}, and a new release of the digest is denied
 * ({@code artifact.revoked}). Exit 0 recorded, 2 bad input or refused (nothing recorded).
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = {"Revoke a released artifact (by digest) or every artifact of a decision, with a reason.",
        "The revocation is a signed ledger entry; deployers' artifact status checks answer revoked from then on."})
final class RevokeCommand implements Callable<Integer> {
  private final Io io;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--artifact", paramLabel = "SHA256", description = "The artifact digest (64 hex, optionally sha256:...).")
    String artifact;

    @Option(names = "--decision", paramLabel = "ID", description = "A decision id: revokes every artifact it released.")
    String decision;
  }

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded and shown to deployers).")
  String reason;

  @Option(names = "--by", paramLabel = "ID", description = "Who revokes (default: cli:<user>); over --submit the token's identity.")
  String by;

  @Option(names = "--submit", paramLabel = "URL", description = "Record it on a gavel serve (POST /v1/revocations) instead.")
  String submit;

  @Option(names = "--token-file", paramLabel = "FILE", description = "With --submit: a risk-officer token (default: $GAVEL_TOKEN).")
  Path tokenFile;

  @Option(names = "--cacert", paramLabel = "PEM", description = "With --submit: CA certificates to trust for https.")
  Path cacert;

  @Option(names = "--output", paramLabel = "text|json", description = "Output format (default: text).")
  String output = "text";

  @Mixin
  SharedOptions.Home home;

  RevokeCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    try {
      if (!output.equals("text") && !output.equals("json")) {
        throw new UserError("--output must be text or json but got " + output);
      }
      JsonNode recorded;
      if (submit != null) {
        if (by != null) {
          throw new UserError("--by is for a local revocation; over --submit the server records the token's identity");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (target.artifact != null) {
          body.put("artifact", target.artifact);
        } else {
          body.put("decision", target.decision);
        }
        body.put("reason", reason);
        recorded = ServerClient.connect("--submit", "a risk-officer token", submit, tokenFile, cacert, io.env()).post("/v1/revocations", body).body();
      } else {
        try (Gavel g = home.runtime(io)) {
          Revocation.Actor actor = new Revocation.Actor(by != null ? by : TokensCommand.actor(), "cli", null);
          Revocations.Recorded r;
          try {
            r = g.revocations().revoke(target.artifact, target.decision, reason, actor);
          } catch (Revocations.Refused e) {
            throw new UserError(e.getMessage());
          }
          ObjectNode o = r.revocation().toJson(r.receipt().index());
          o.put("entryHash", r.receipt().entryHash());
          recorded = o;
        }
      }
      print(recorded);
      return ExitCode.OK;
    } catch (Exception e) {
      return Failures.report(io, "revoke", e, ExitCode.BAD_INPUT);
    }
  }

  private void print(JsonNode r) {
    if (output.equals("json")) {
      io.out().println(r.toPrettyString());
      return;
    }
    io.out().println("REVOKED  " + r.path("artifacts").size() + " artifact" + (r.path("artifacts").size() == 1 ? "" : "s")
        + (r.hasNonNull("decisionId") ? " of decision " + r.path("decisionId").asText() : "")
        + "  (revocation " + r.path("revocationId").asText() + ", ledger entry " + r.path("ledgerIndex").asLong() + ")");
    for (JsonNode a : r.path("artifacts")) {
      io.out().println("  sha256:" + a.asText());
    }
    io.out().println("  reason  " + TerminalText.escape(r.path("reason").asText()));
    io.out().println("  by      " + TerminalText.escape(r.path("revokedBy").path("identity").asText()) + " at "
        + r.path("revokedAt").asText() + " (signed by " + r.path("attestation").path("signatures").path(0).path("keyid").asText()
        + ")");
  }
}
