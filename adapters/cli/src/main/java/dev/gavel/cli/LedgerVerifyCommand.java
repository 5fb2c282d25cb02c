package dev.gavel.cli;

import dev.gavel.core.LedgerVerification;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.ledger.LedgerAudit;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.ledger.PartialExport;
import dev.gavel.ledger.Verdict;
import dev.gavel.runtime.Gavel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gavel ledger verify}: chain links, leaf hashes, the Merkle root at every signed and every
 * trusted checkpoint, checkpoint and attestation signatures, attestations against their entries,
 * coverage of every entry by a signed checkpoint, and the store's index columns; locally (read
 * only) or offline from an export.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verify the ledger: chain links, leaf hashes, the Merkle root against every signed checkpoint,",
        "checkpoint and attestation signatures (following key rotations), that each decision's attestation states",
        "that decision, that a signed checkpoint covers every entry, and (locally) that the store's index columns",
        "match the entries. --trusted-checkpoint FILE (repeatable): a checkpoint you kept from earlier; the ledger",
        "must reproduce its root, which catches a rewrite even if every later checkpoint was re-signed.",
        "Offline: --entries FILE --checkpoint FILE --public-key FILE for a full export; --entries FILE",
        "--public-key FILE for a filtered (partial) export. The ledger is opened read-only.",
        "Exit codes: 0 valid, 1 tampered (the first bad index is named), 2 error."})
final class LedgerVerifyCommand implements Callable<Integer> {
  private final Io io;

  @Mixin
  SharedOptions.Home home;

  @Option(names = "--entries", paramLabel = "FILE", description = "An export (`gavel ledger export`, jsonl) to verify offline.")
  Path entries;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "The signed checkpoint (`gavel ledger checkpoint`); not needed for a filtered export, which carries its own.")
  Path checkpoint;

  @Option(names = "--trusted-checkpoint", paramLabel = "FILE",
      description = "A signed checkpoint kept from earlier that the ledger must be consistent with (repeatable).")
  List<Path> trusted = new ArrayList<>();

  @Option(names = "--public-key", paramLabel = "FILE", description = "The verifier key (`gavel keys public`).")
  Path publicKey;

  LedgerVerifyCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    try (Gavel g = home.runtime(io)) {
      List<String> kept = new ArrayList<>();
      for (Path t : trusted) {
        kept.add(read(t));
      }
      return entries != null ? offline(kept) : local(g, kept);
    } catch (Exception e) {
      return Failures.report(io, "ledger verify", e, ExitCode.BAD_INPUT);
    }
  }

  private int local(Gavel g, List<String> kept) throws Exception {
    LedgerReader store = g.reader();
    NoteVerifier key;
    if (publicKey != null) {
      key = readKey(publicKey);
    } else {
      // Creating a key here would only make every signature look wrong.
      key = NoteVerifier.parse(g.keys().currentVerifierKey().orElseThrow(() -> new UserError("no signing key under "
          + g.keys().keyFile() + "; pass --public-key with the ledger's verifier key")));
    }
    Verdict<LedgerAudit.Summary> v;
    try (Progress progress = Progress.start(io, store.size(), "entries verified")) {
      v = LedgerVerification.verify(store, key, kept, progress::step);
    }
    return report(v);
  }

  private int offline(List<String> kept) throws UserError {
    if (publicKey == null) {
      throw new UserError("--entries needs --public-key (and --checkpoint unless it is a filtered export)");
    }
    NoteVerifier key = readKey(publicKey);
    List<String> all;
    try {
      all = Files.readAllLines(entries, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read " + entries + ": " + e.getMessage());
    }
    if (!all.isEmpty() && PartialExport.isPartial(all.get(0))) {
      if (!kept.isEmpty()) {
        throw new UserError("--trusted-checkpoint needs the full ledger or a full export: a filtered export proves inclusion, "
            + "not consistency with an earlier tree");
      }
      return partial(all, key);
    }
    if (checkpoint == null) {
      throw new UserError("a full export needs --checkpoint (the output of `gavel ledger checkpoint`)");
    }
    String note = read(checkpoint);
    Verdict<LedgerAudit.Summary> v;
    try (Progress progress = Progress.start(io, all.size(), "entries verified")) {
      v = LedgerVerification.verifyExport(all, note, key, kept, progress::step);
    }
    return report(v);
  }

  /** A filtered export: the embedded checkpoint's signature and every entry's inclusion proof. */
  private int partial(List<String> lines, NoteVerifier key) {
    Verdict<PartialExport.Summary> v = LedgerVerification.verifyPartial(lines, key);
    if (!v.passed()) {
      io.out().println("TAMPERED: " + v.failure());
      return ExitCode.FAILED;
    }
    PartialExport.Summary s = v.value();
    io.out().println("OK: partial export: " + s.entries() + " entries included in the signed checkpoint of tree size "
        + s.checkpoint().size() + " (root " + HexFormat.of().formatHex(s.checkpoint().root()) + "), " + s.attestations()
        + " attestations verified");
    return ExitCode.OK;
  }

  private int report(Verdict<LedgerAudit.Summary> v) {
    if (!v.passed()) {
      io.out().println("TAMPERED: " + v.failure());
      return ExitCode.FAILED;
    }
    LedgerAudit.Summary s = v.value();
    io.out().println("OK: " + s.entries() + " entries, hash chain intact, " + s.checkpoints() + " signed checkpoints match, "
        + s.attestations() + " attestations verified"
        + (s.trustedCheckpoints() > 0 ? ", consistent with " + s.trustedCheckpoints() + " trusted checkpoints" : "")
        + "; root " + HexFormat.of().formatHex(s.root()));
    return ExitCode.OK;
  }

  private static String read(Path f) throws UserError {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read " + f + ": " + e.getMessage());
    }
  }

  static NoteVerifier readKey(Path file) throws UserError {
    String first = read(file).lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    try {
      return NoteVerifier.parse(first);
    } catch (IllegalArgumentException e) {
      throw new UserError(file + ": not a verifier key (" + e.getMessage() + ")");
    }
  }
}
