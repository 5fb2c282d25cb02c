package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.port.LedgerException;
import dev.gavel.ledger.ChainFailure;
import dev.gavel.ledger.LeafHash;
import dev.gavel.ledger.LedgerAudit;
import dev.gavel.ledger.KeyHistory;
import dev.gavel.ledger.KeyRotation;
import dev.gavel.ledger.NoteVerifier;
import dev.gavel.ledger.PartialExport;
import dev.gavel.ledger.StoredEntry;
import dev.gavel.store.SqliteLedgerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gavel ledger verify}: chain links, leaf hashes, the Merkle root at every signed
 * checkpoint, checkpoint signatures and decision attestations; locally or offline from an export.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verify the ledger: chain links, leaf hashes, the Merkle root against every signed checkpoint,",
        "checkpoint and attestation signatures, following key rotations. Offline: --entries FILE --checkpoint FILE",
        "--public-key FILE for a full export; --entries FILE --public-key FILE for a filtered (partial) export.",
        "Exit codes: 0 valid, 1 tampered (the first bad index is named), 2 error."})
final class LedgerVerifyCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Io io;

  @Option(names = "--home", description = "State directory (default: $GAVEL_HOME or ~/.gavel).")
  Path home;

  @Option(names = "--entries", paramLabel = "FILE", description = "An export (`gavel ledger export`, jsonl) to verify offline.")
  Path entries;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "The signed checkpoint (`gavel ledger checkpoint`); not needed for a filtered export, which carries its own.")
  Path checkpoint;

  @Option(names = "--public-key", paramLabel = "FILE", description = "The verifier key (`gavel keys public`).")
  Path publicKey;

  LedgerVerifyCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    try {
      return entries != null ? offline() : local();
    } catch (UserError e) {
      io.err().println("gavel ledger verify: " + e.getMessage());
      return ExitCode.BAD_INPUT;
    }
  }

  private int local() throws UserError {
    Path h = GavelHome.resolve(home, io.env());
    Path file = GavelHome.ledgerFile(h);
    if (!Files.exists(file)) {
      throw new UserError("no ledger at " + file);
    }
    if (publicKey == null && !Files.exists(KeyFiles.keyFile(h))) {
      // Creating a key here would only make every signature look wrong.
      throw new UserError("no signing key under " + KeyFiles.keyFile(h) + "; pass --public-key with the ledger's verifier key");
    }
    NoteVerifier key = publicKey != null ? readKey(publicKey) : KeyFiles.load(h).verifier();
    try (SqliteLedgerStore store = SqliteLedgerStore.openForAudit(file)) {
      LedgerAudit audit = newAudit(store.checkpoints(), key, store.keyRotations());
      if (audit == null) {
        return ExitCode.FAILED;
      }
      try (Progress progress = Progress.start(io, store.size(), "entries verified")) {
        store.forEach(e -> {
          audit.accept(e);
          progress.step();
        });
      }
      return report(audit);
    } catch (LedgerException e) {
      throw new UserError(e.getMessage());
    }
  }

  private int offline() throws UserError {
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
      return partial(all, key);
    }
    if (checkpoint == null) {
      throw new UserError("a full export needs --checkpoint (the output of `gavel ledger checkpoint`)");
    }
    String note;
    try {
      note = Files.readString(checkpoint, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read " + checkpoint + ": " + e.getMessage());
    }
    List<KeyRotation> rotations = new java.util.ArrayList<>();
    for (String line : all) {
      try {
        JsonNode e = JSON.readTree(line);
        if (e.path("type").asText().equals("key-rotation")) {
          rotations.add(KeyRotation.fromEntry(e));
        }
      } catch (IOException | IllegalArgumentException e) {
        // reported when the entry is audited
      }
    }
    LedgerAudit audit = newAudit(List.of(note), key, rotations);
    if (audit == null) {
      return ExitCode.FAILED;
    }
    // The export was read once above; its lines are the entries, in index order.
    try (Progress progress = Progress.start(io, all.size(), "entries verified")) {
      long n = 0;
      for (String line : all) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        long index;
        try {
          index = JSON.readTree(line).path("index").asLong(n);
        } catch (IOException e) {
          index = n;
        }
        // An export carries only the entries; their hashes are re-derived and must chain.
        audit.accept(new StoredEntry(index, bytes, LeafHash.render(LeafHash.leaf(bytes))));
        progress.step();
        n++;
      }
    }
    return report(audit);
  }

  /** A filtered export: the embedded checkpoint's signature and every entry's inclusion proof. */
  private int partial(List<String> lines, NoteVerifier key) {
    PartialExport.Summary[] summary = new PartialExport.Summary[1];
    Optional<ChainFailure> f;
    try (Progress progress = Progress.start(io, lines.size() - 1, "entries")) {
      f = PartialExport.verify(lines, key, summary);
      for (int i = 1; i < lines.size(); i++) {
        progress.step();
      }
    }
    if (f.isPresent()) {
      io.out().println("TAMPERED: " + f.get());
      return ExitCode.FAILED;
    }
    io.out().println("OK: partial export: " + summary[0].entries() + " entries included in the signed checkpoint of tree size "
        + summary[0].checkpoint().size() + " (root " + HexFormat.of().formatHex(summary[0].checkpoint().root()) + "), "
        + summary[0].attestations() + " attestations verified");
    return ExitCode.OK;
  }

  /** An audit following the ledger's key history from the given key; null (reported) when the history is broken. */
  private LedgerAudit newAudit(List<String> notes, NoteVerifier key, List<KeyRotation> rotations) {
    ChainFailure[] problem = new ChainFailure[1];
    KeyHistory history = KeyHistory.of(key, rotations, problem);
    if (problem[0] != null) {
      io.out().println("TAMPERED: " + problem[0]);
      return null;
    }
    return new LedgerAudit(notes, history);
  }

  private int report(LedgerAudit audit) {
    Optional<ChainFailure> f = audit.finish();
    if (f.isPresent()) {
      io.out().println("TAMPERED: " + f.get());
      return ExitCode.FAILED;
    }
    LedgerAudit.Summary s = audit.summary();
    io.out().println("OK: " + s.entries() + " entries, hash chain intact, " + s.checkpoints() + " signed checkpoints match, "
        + s.attestations() + " attestations verified; root " + HexFormat.of().formatHex(s.root()));
    return ExitCode.OK;
  }

  static NoteVerifier readKey(Path file) throws UserError {
    try {
      String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank()).findFirst().orElse("");
      return NoteVerifier.parse(first);
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UserError(file + ": not a verifier key (" + e.getMessage() + ")");
    }
  }
}
