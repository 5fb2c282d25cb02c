package dev.gavel.cli;

import dev.gavel.core.LedgerExport;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerReader;
import dev.gavel.runtime.Gavel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
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
        "events. csv: index, timestamp, type, model, outcome, decision id, entry hash. Filters select on what each",
        "entry's bytes say; an entry whose index columns disagree with its bytes stops the export."})
final class LedgerExportCommand extends LedgerToolsCommands.Base {
  @Option(names = "--format", defaultValue = "jsonl", description = "jsonl, csv or opa (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  Path output;

  @Option(names = "--since", paramLabel = "RFC3339", converter = Rfc3339.class, description = "Only entries recorded at or after this time.")
  Instant since;

  @Option(names = "--until", paramLabel = "RFC3339", converter = Rfc3339.class, description = "Only entries recorded at or before this time.")
  Instant until;

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
  int run(Gavel g, LedgerReader store) throws Exception {
    LedgerExport.Format f;
    try {
      f = LedgerExport.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserError("--format must be jsonl, csv or opa but got " + format);
    }
    EntryQuery filter;
    try {
      filter = since == null && until == null && model == null && outcome == null ? EntryQuery.ALL
          : new EntryQuery(Set.of(), since, until, model, outcome, -1, false, Integer.MAX_VALUE);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    PrintStream out = io.out();
    try {
      if (output != null) {
        out = new PrintStream(Files.newOutputStream(output), false, StandardCharsets.UTF_8);
      }
      PrintStream sink = out;
      try (Progress progress = Progress.start(io, store.size(), "entries")) {
        LedgerExport.write(store, f, filter, sink::println, progress::step);
      }
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
}
