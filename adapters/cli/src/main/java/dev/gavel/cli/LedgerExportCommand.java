package dev.gavel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerException;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.MerkleTree;
import dev.gavel.ledger.PartialExport;
import dev.gavel.store.EntryFilter;
import dev.gavel.store.SqliteLedgerStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gavel ledger export}: the whole ledger as the exact hashed bytes, or a filtered part of
 * it whose entries carry inclusion proofs against a signed checkpoint; OPA decision-log events;
 * CSV for spreadsheets.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write ledger entries. jsonl, unfiltered: one canonical entry per line, exactly the hashed bytes, in",
        "index order. jsonl with a filter: a partial export whose entries carry inclusion proofs against the latest",
        "signed checkpoint (verify with `gavel ledger verify --entries FILE --public-key KEY`). opa: OPA decision-log",
        "events. csv: index, timestamp, type, model, outcome, decision id, entry hash."})
final class LedgerExportCommand extends LedgerToolsCommands.Base {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--format", defaultValue = "jsonl", description = "jsonl, csv or opa (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

  @Option(names = "--since", paramLabel = "RFC3339", description = "Only entries recorded at or after this time.")
  String since;

  @Option(names = "--until", paramLabel = "RFC3339", description = "Only entries recorded at or before this time.")
  String until;

  @Option(names = "--model", description = "Only decisions about this model name.")
  String model;

  @Option(names = "--outcome", description = "Only decisions with this outcome: allow or deny.")
  String outcome;

  LedgerExportCommand(Io io) {
    super(io);
  }

  @Override
  String name() {
    return "export";
  }

  @Override
  int run(SqliteLedgerStore store) throws LedgerException, UserError {
    if (!format.equals("jsonl") && !format.equals("csv") && !format.equals("opa")) {
      throw new UserError("--format must be jsonl, csv or opa but got " + format);
    }
    EntryFilter filter;
    try {
      filter = new EntryFilter(time("--since", since), time("--until", until), model, outcome);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    PrintStream out = io.out();
    try {
      if (output != null) {
        out = new PrintStream(Files.newOutputStream(output), false, StandardCharsets.UTF_8);
      }
      write(store, filter, out);
      out.flush();
      if (out.checkError()) {
        throw new UserError("cannot write " + (output == null ? "standard output" : output.toString()));
      }
    } catch (IOException e) {
      throw new UserError("cannot write " + output + ": " + e.getMessage());
    } finally {
      if (output != null) {
        out.close();
      }
    }
    return ExitCode.OK;
  }

  private void write(SqliteLedgerStore store, EntryFilter filter, PrintStream sink) throws LedgerException, UserError {
    boolean partial = format.equals("jsonl") && !filter.isAll();
    List<byte[]> leaves;
    long treeSize;
    if (partial) {
      String note = store.latestCheckpoint().orElseThrow(() -> new UserError(
          "a filtered export needs a signed checkpoint and the ledger has none"));
      treeSize = Checkpoint.claimedBy(note).size();
      leaves = store.leafHashes(treeSize);
      sink.println(PartialExport.header(note, filterJson(filter)));
    } else {
      leaves = null;
      treeSize = Long.MAX_VALUE;
    }
    if (format.equals("csv")) {
      sink.println("index,timestamp,type,model,outcome,decision_id,entry_hash");
    }
    try (Progress progress = Progress.start(io, store.size(), "entries")) {
      store.forEach(filter, partial ? List.of("key-rotation") : List.of(), e -> {
        progress.step();
        if (e.index() >= treeSize) {
          return;
        }
        String text = new String(e.canonical(), StandardCharsets.UTF_8);
        switch (format) {
          case "csv":
            sink.println(CsvRow.of(e.index(), text, e.entryHash()));
            break;
          case "opa":
            ObjectNode event = DecisionLogEvent.of(parse(text));
            if (event != null) {
              sink.println(event.toString());
            }
            break;
          default:
            sink.println(partial ? PartialExport.line(e.index(), e.canonical(), MerkleTree.inclusionProof((int) e.index(), leaves))
                : text);
        }
      });
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("stored entry is not JSON: " + e.getMessage(), e);
    }
  }

  private static ObjectNode filterJson(EntryFilter f) {
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

  private static Instant time(String option, String value) throws UserError {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new UserError(option + " must be an RFC 3339 date-time such as 2026-11-30T00:00:00Z but got '" + value + "'");
    }
  }
}
