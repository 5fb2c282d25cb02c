package dev.gavel.cli;

import static dev.gavel.core.TerminalText.escape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.InvalidRequestException;
import dev.gavel.core.RequestProblem;
import dev.gavel.core.evidence.EvidenceVerifier;
import dev.gavel.core.evidence.ModelFiles;
import dev.gavel.core.evidence.TrustDataException;
import dev.gavel.core.evidence.TrustRoots;
import dev.gavel.json.Json;
import dev.gavel.json.Utf8;
import dev.gavel.runtime.Gavel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gavel model verify DIR --signature model.sig}: an OpenSSF model signature against the files on disk. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "OpenSSF model signatures.",
    subcommands = ModelCommand.Verify.class)
final class ModelCommand implements Runnable {
  private final Io io;

  ModelCommand(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(io.out());
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verify an OpenSSF model signature (key, certificate chain or Sigstore keyless) offline, under the trust",
          "data of the policies (data.gavel.trust), and require the model's files to equal its manifest exactly.",
          "Exit codes: 0 verified, 1 not verified, 2 bad input or usage."})
  static final class Verify implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand
    ModelCommand parent;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model: a directory, or a single file.")
    Path model;

    @Option(names = "--signature", required = true, paramLabel = "FILE", description = "The signature (a Sigstore bundle, model.sig).")
    Path signature;

    @Option(names = "--ignore-paths", paramLabel = "PATH", split = ",",
        description = "Paths (relative to the model, or inside it) to leave out, besides the manifest's own and git's (repeatable).")
    List<Path> ignorePaths = new ArrayList<>();

    @Option(names = "--data", paramLabel = "FILE",
        description = "JSON/YAML document deep-merged over the policy data (repeatable), e.g. the trust roots.")
    List<Path> data = new ArrayList<>();

    @Option(names = "--at", paramLabel = "RFC3339", converter = Rfc3339.class,
        description = "Time key expiry and private-CA certificates are checked at (default: now). Keyless signatures are "
            + "checked at their signing time, whatever this says.")
    Instant at;

    @Option(names = "--output", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String output;

    @Mixin
    SharedOptions.Home home;

    @Mixin
    SharedOptions.Policies policies;

    @Override
    public Integer call() {
      Io io = parent.io;
      if (!output.equals("json") && !output.equals("text")) {
        io.err().println("gavel model verify: --output must be json or text but got " + output);
        return ExitCode.BAD_INPUT;
      }
      try (Gavel gavel = home.runtime(io, policies, data)) {
        JsonNode bundle = readBundle();
        ModelFiles files = ModelDirectory.read(model, ignores());
        TrustRoots trust;
        try {
          trust = TrustRoots.fromPolicyData(gavel.policySource().active().data());
        } catch (TrustDataException e) {
          throw new UserError("policy data: " + e.getMessage());
        }
        ObjectNode fact = new EvidenceVerifier(trust).verifyModelSignature(bundle, at == null ? Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : at, files);
        boolean ok = fact.path("trusted").asBoolean() && fact.at("/files/match").asBoolean();
        if (output.equals("json")) {
          io.out().println(fact.toPrettyString());
        } else {
          io.out().print(text(fact, ok));
        }
        return ok ? ExitCode.OK : ExitCode.FAILED;
      } catch (InvalidRequestException e) {
        io.err().println("gavel model verify: " + signature + ": unusable signature:");
        for (RequestProblem p : e.problems()) {
          io.err().println("  " + p);
        }
        return ExitCode.BAD_INPUT;
      } catch (Exception e) {
        return Failures.report(io, "model verify", e, ExitCode.BAD_INPUT);
      }
    }

    /** The ignore paths relative to the model root; the signature file itself when it lies inside the model. */
    private List<String> ignores() throws UserError {
      List<String> out = new ArrayList<>();
      Path root = model.toAbsolutePath().normalize();
      List<Path> all = new ArrayList<>(ignorePaths);
      Path sig = signature.toAbsolutePath().normalize();
      if (Files.isDirectory(model) && sig.startsWith(root)) {
        all.add(sig);
      }
      for (Path p : all) {
        Path abs = p.isAbsolute() ? p.normalize() : p.toAbsolutePath().normalize();
        Path inModel = abs.startsWith(root) ? root.relativize(abs) : p.normalize();
        if (inModel.isAbsolute() || inModel.startsWith("..") || inModel.toString().isEmpty()) {
          throw new UserError("--ignore-paths " + p + " is not inside the model " + model);
        }
        out.add(inModel.toString().replace('\\', '/'));
      }
      return out;
    }

    private JsonNode readBundle() throws UserError {
      try {
        return Json.read(Utf8.decode(Files.readAllBytes(signature)));
      } catch (NoSuchFileException e) {
        throw new UserError(signature + ": no such file");
      } catch (IOException e) {
        throw new UserError(signature + ": cannot read: " + e.getMessage());
      } catch (Json.ParseException e) {
        throw new UserError(signature + ": not a JSON Sigstore bundle: " + e.getMessage());
      }
    }

    /** The verdict, who signed and how, when, under which trust root, and the files. */
    static String text(JsonNode f, boolean ok) {
      StringBuilder sb = new StringBuilder();
      String method = f.path("method").asText("key");
      sb.append(ok ? "VERIFIED" : "NOT VERIFIED").append("  model signature (").append(method).append(")\n");
      if (!f.path("trusted").asBoolean()) {
        sb.append(row("problem", f.path("problem").asText() + ": " + f.path("detail").asText()));
      }
      if (method.equals("keyless")) {
        sb.append(row("signer", f.at("/identity/subject").asText("?") + " via " + f.at("/identity/issuer").asText("?")));
      } else {
        sb.append(row("signer", f.path("signer").asText("unknown")));
      }
      if (f.has("signedAt")) {
        sb.append(row("signed", f.path("signedAt").asText() + " (" + f.path("signedAtSource").asText() + ")"));
      }
      if (f.has("checkedAt")) {
        sb.append(row("chain", "valid at " + f.path("checkedAt").asText() + " (the time checked: a certificate-signed bundle "
            + "carries no trusted signing time)"));
      }
      if (f.has("trustRoot")) {
        String ca = f.at("/trustRoot/certificateAuthority").asText(f.at("/trustRoot/id").asText(""));
        sb.append(row("trust root", f.at("/trustRoot/path").asText() + (ca.isEmpty() ? "" : " (" + ca + ")")));
      }
      if (f.has("certificate")) {
        JsonNode c = f.get("certificate");
        sb.append(row("certificate", "serial " + c.path("serial").asText() + ", valid " + c.path("notBefore").asText() + " to "
            + c.path("notAfter").asText() + ", issued by " + c.path("issuer").asText()));
      }
      for (JsonNode e : f.path("tlogEntries")) {
        sb.append(row("rekor", "entry " + e.path("logIndex").asText() + " integrated " + e.path("integratedTime").asText()
            + (e.has("problem") ? ": " + e.path("problem").asText() : ", inclusion proof at tree size " + e.path("treeSize").asText()
            + " (" + e.path("checkpoint").asText() + "), SET " + e.path("signedEntryTimestamp").asText())));
      }
      for (JsonNode t : f.path("timestamps")) {
        sb.append(row("timestamp", t.path("status").asText() + (t.has("time") ? " " + t.path("time").asText() + " by "
            + t.path("authority").asText() : ": " + t.path("detail").asText())));
      }
      if (f.has("sct")) {
        sb.append(row("sct", f.path("sct").asText()));
      }
      JsonNode files = f.path("files");
      List<String> ignored = new ArrayList<>();
      files.path("ignored").forEach(i -> ignored.add(i.asText()));
      if (files.path("match").asBoolean()) {
        sb.append(row("files", files.path("files").asInt() + " match the manifest" + (ignored.isEmpty() ? ""
            : " (ignored: " + String.join(", ", ignored) + ")")));
      } else {
        List<String> parts = new ArrayList<>();
        for (String k : List.of("changed", "missing", "extra")) {
          List<String> names = new ArrayList<>();
          files.path(k).forEach(n -> names.add(n.asText()));
          if (!names.isEmpty()) {
            parts.add(k + " " + String.join(", ", names));
          }
        }
        files.path("problems").forEach(p -> parts.add(p.asText()));
        sb.append(row("files", "DO NOT match the manifest: " + String.join("; ", parts)));
      }
      return sb.toString();
    }

    private static String row(String label, String value) {
      return String.format("  %-12s%s%n", label, escape(value));
    }
  }
}
