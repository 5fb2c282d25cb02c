package dev.gavel.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.core.port.LedgerException;
import dev.gavel.ledger.MerkleTree;
import dev.gavel.store.SqliteLedgerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The auditor's read-only ledger tools: checkpoint, proof, consistency (export and replay have their own files). */
final class LedgerToolsCommands {
  private LedgerToolsCommands() {}

  /** Shared: open the home's ledger for reading. */
  abstract static class Base implements Callable<Integer> {
    final Io io;

    @Option(names = "--home", description = "State directory (default: $GAVEL_HOME or ~/.gavel).")
    Path home;

    Base(Io io) {
      this.io = io;
    }

    abstract String name();

    abstract int run(SqliteLedgerStore store) throws LedgerException, UserError;

    @Override
    public Integer call() {
      try {
        Path file = GavelHome.ledgerFile(GavelHome.resolve(home, io.env()));
        if (!Files.exists(file)) {
          throw new UserError("no ledger at " + file);
        }
        try (SqliteLedgerStore store = SqliteLedgerStore.openForAudit(file)) {
          return run(store);
        }
      } catch (UserError | LedgerException e) {
        io.err().println("gavel ledger " + name() + ": " + e.getMessage());
        return ExitCode.BAD_INPUT;
      }
    }
  }

  /** {@code gavel ledger checkpoint}: the newest signed checkpoint. */
  @Command(name = "checkpoint", mixinStandardHelpOptions = true, description = "Print the latest signed checkpoint (C2SP signed note).")
  static final class LatestCheckpoint extends Base {
    LatestCheckpoint(Io io) {
      super(io);
    }

    String name() {
      return "checkpoint";
    }

    int run(SqliteLedgerStore store) throws LedgerException, UserError {
      String note = store.latestCheckpoint().orElseThrow(() -> new UserError("the ledger has no checkpoint yet"));
      io.out().print(note);
      return ExitCode.OK;
    }
  }

  /** {@code gavel ledger proof}: an RFC 9162 inclusion proof. */
  @Command(name = "proof", mixinStandardHelpOptions = true, description = "Print the inclusion proof of an entry as JSON.")
  static final class Proof extends Base {
    @Option(names = "--index", required = true, description = "Entry index.")
    long index;

    @Option(names = "--size", description = "Tree size (default: the whole ledger).")
    Long size;

    Proof(Io io) {
      super(io);
    }

    String name() {
      return "proof";
    }

    int run(SqliteLedgerStore store) throws LedgerException, UserError {
      long n = size == null ? store.size() : size;
      if (n > store.size() || index < 0 || index >= n) {
        throw new UserError("index " + index + " is not in a tree of size " + n + " (ledger has " + store.size() + " entries)");
      }
      List<byte[]> leaves = store.leafHashes(n);
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("index", index);
      o.put("treeSize", n);
      o.put("leafHash", HexFormat.of().formatHex(leaves.get((int) index)));
      o.put("rootHash", HexFormat.of().formatHex(MerkleTree.root(leaves)));
      hexArray(o.putArray("proof"), MerkleTree.inclusionProof((int) index, leaves));
      io.out().println(o.toPrettyString());
      return ExitCode.OK;
    }
  }

  /** {@code gavel ledger consistency}: an RFC 9162 consistency proof. */
  @Command(name = "consistency", mixinStandardHelpOptions = true, description = "Print the consistency proof between two tree sizes as JSON.")
  static final class Consistency extends Base {
    @Option(names = "--from", required = true, description = "Older tree size.")
    long from;

    @Option(names = "--to", required = true, description = "Newer tree size.")
    long to;

    Consistency(Io io) {
      super(io);
    }

    String name() {
      return "consistency";
    }

    int run(SqliteLedgerStore store) throws LedgerException, UserError {
      if (from < 1 || from > to || to > store.size()) {
        throw new UserError("need 1 <= --from <= --to <= " + store.size());
      }
      List<byte[]> leaves = store.leafHashes(to);
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("size1", from);
      o.put("size2", to);
      o.put("root1", HexFormat.of().formatHex(MerkleTree.root(leaves.subList(0, (int) from))));
      o.put("root2", HexFormat.of().formatHex(MerkleTree.root(leaves)));
      hexArray(o.putArray("proof"), MerkleTree.consistencyProof((int) from, leaves));
      io.out().println(o.toPrettyString());
      return ExitCode.OK;
    }
  }

  static void hexArray(ArrayNode a, List<byte[]> hashes) {
    for (byte[] h : hashes) {
      a.add(HexFormat.of().formatHex(h));
    }
  }
}
