package dev.gavel.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.EntryIndex;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.json.Json;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.InclusionProof;
import dev.gavel.ledger.PartialExport;
import dev.gavel.ledger.SubtreeHashes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The auditor's export, one line at a time: {@code jsonl} (unfiltered: exactly the hashed bytes,
 * one entry per line; filtered: a {@link PartialExport} whose entries carry inclusion proofs
 * against the newest signed checkpoint), {@code csv} for spreadsheets, {@code opa} decision-log
 * events. Filters select on what each entry's bytes say, never on the store's index columns alone:
 * an entry whose columns disagree with its bytes stops the export (fail closed), so a tampered
 * column cannot silently drop an entry from a filtered export.
 */
public final class LedgerExport {
  private LedgerExport() {}

  public enum Format { JSONL, CSV, OPA }

  /** Thrown when the export cannot be made as asked (no checkpoint for a filtered export, damaged columns). */
  public static final class ExportException extends Exception {
    public ExportException(String message) {
      super(message);
    }
  }

  public static final String CSV_HEADER = "index,timestamp,type,model,outcome,decision_id,entry_hash";

  /**
   * Writes the export of {@code filter} (decision filters: time, model, outcome; {@link
   * EntryQuery#ALL} for everything) to {@code sink}, one line per call.
   */
  public static void write(LedgerReader reader, Format format, EntryQuery filter, Consumer<String> sink,
      LedgerVerification.Progress progress) throws LedgerException, ExportException {
    boolean partial = format == Format.JSONL && !filter.isAll();
    long limit;
    SubtreeHashes<RuntimeException> tree;
    if (partial) {
      Optional<String> note = reader.latestCheckpoint();
      if (note.isEmpty()) {
        throw new ExportException("a filtered export needs a signed checkpoint and the ledger has none");
      }
      limit = Checkpoint.claimedBy(note.get()).size();
      tree = SubtreeHashes.levels(reader.leafHashes(limit));
      sink.accept(PartialExport.header(note.get(), filterJson(filter)));
    } else {
      limit = Long.MAX_VALUE;
      tree = null;
    }
    if (format == Format.CSV) {
      sink.accept(CSV_HEADER);
    }
    ExportException[] damaged = new ExportException[1];
    reader.entries(0, Math.min(limit, reader.size()), row -> {
      if (damaged[0] != null) {
        return;
      }
      progress.step();
      JsonNode entry;
      try {
        entry = Json.read(row.canonical());
      } catch (Json.ParseException e) {
        damaged[0] = new ExportException("entry " + row.index() + " is not JSON (" + e.located() + "); run `gavel ledger verify`");
        return;
      }
      EntryIndex derived = EntryIndex.of(entry);
      Optional<String> diff = row.columns() == null ? Optional.empty() : row.columns().difference(derived);
      if (diff.isPresent()) {
        damaged[0] = new ExportException("entry " + row.index() + "'s index column " + diff.get()
            + "; run `gavel ledger verify` (nothing selected by a damaged column is exported)");
        return;
      }
      boolean rotation = derived.type().equals("key-rotation");
      if (!filter.isAll() && !filter.matches(derived) && !(partial && rotation)) {
        return;
      }
      switch (format) {
        case CSV -> sink.accept(csv(row, derived));
        case OPA -> {
          if (derived.type().equals("decision")) {
            sink.accept(Decision.fromEntry(entry, row.entryHash()).toOpaEvent().toString());
          }
        }
        default -> sink.accept(partial ? PartialExport.line(row.canonical(), InclusionProof.of(row.index(), limit, tree))
            : new String(row.canonical(), StandardCharsets.UTF_8));
      }
    });
    if (damaged[0] != null) {
      throw damaged[0];
    }
  }

  private static String csv(LedgerRow row, EntryIndex c) {
    return String.join(",", Long.toString(row.index()), q(c.timestamp()), q(c.type()), q(c.model()), q(c.outcome()),
        q(c.decisionId()), q(row.entryHash()));
  }

  /** RFC 4180 quoting. */
  private static String q(String s) {
    if (s == null) {
      return "";
    }
    return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static ObjectNode filterJson(EntryQuery f) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (f.since() != null) {
      o.put("since", f.since().toString());
    }
    if (f.until() != null) {
      o.put("until", f.until().toString());
    }
    if (f.model() != null) {
      o.put("model", f.model());
    }
    if (f.outcome() != null) {
      o.put("outcome", f.outcome());
    }
    return o;
  }
}
