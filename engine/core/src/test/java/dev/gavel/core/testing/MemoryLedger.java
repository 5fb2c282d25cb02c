package dev.gavel.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.port.EntryIndex;
import dev.gavel.core.port.EntryQuery;
import dev.gavel.core.port.LedgerException;
import dev.gavel.core.port.LedgerHead;
import dev.gavel.core.port.LedgerReceipt;
import dev.gavel.core.port.LedgerRecord;
import dev.gavel.core.port.LedgerRow;
import dev.gavel.core.port.LedgerStore;
import dev.gavel.core.port.Signer;
import dev.gavel.json.CanonicalJson;
import dev.gavel.json.Json;
import dev.gavel.ledger.Checkpoint;
import dev.gavel.ledger.KeyRotation;
import dev.gavel.ledger.LeafHash;
import dev.gavel.ledger.LedgerEntry;
import dev.gavel.ledger.MerkleFrontier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A LedgerStore in memory, for tests of the use cases: real canonical bytes, hashes, chain and
 * (with a signer) a signed checkpoint after every append, so audits run over it unchanged. It
 * passes the same {@link LedgerStoreContract} as the real stores.
 */
public final class MemoryLedger implements LedgerStore {
  private final Signer signer;
  private final List<LedgerRow> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final MerkleFrontier tree = new MerkleFrontier();
  private String head = LedgerEntry.GENESIS;

  public MemoryLedger() {
    this(null);
  }

  public MemoryLedger(Signer signer) {
    this.signer = signer;
  }

  /** The payloads appended so far, in order. */
  public synchronized List<JsonNode> payloads() {
    List<JsonNode> out = new ArrayList<>();
    for (LedgerRow r : rows) {
      out.add(parse(r.canonical()).path("payload"));
    }
    return out;
  }

  @Override
  public synchronized LedgerReceipt append(String type, String timestamp, JsonNode payload) throws LedgerException {
    LedgerEntry.requireAppendable(type, timestamp, payload);
    long index = rows.size();
    byte[] bytes = LedgerEntry.canonicalBytes(index, timestamp, type, CanonicalJson.canonicalize(payload), head);
    byte[] leaf = LeafHash.leaf(bytes);
    String hash = LeafHash.render(leaf);
    rows.add(new LedgerRow(index, bytes, hash, EntryIndex.of(type, timestamp, head, payload)));
    tree.append(leaf);
    head = hash;
    if (signer != null) {
      notes.add(signer.signNote(new Checkpoint(name(signer), tree.size(), tree.root()).body()));
    }
    return new LedgerReceipt(index, hash, index + 1);
  }

  @Override
  public synchronized LedgerReceipt appendOnce(String type, String timestamp, JsonNode payload) throws LedgerException {
    String key = EntryIndex.of(type, timestamp, head, payload).key();
    for (LedgerRow r : rows) {
      if (key != null && r.columns().type().equals(type) && key.equals(r.columns().key())) {
        return new LedgerReceipt(r.index(), r.entryHash(), r.index() + 1);
      }
    }
    return append(type, timestamp, payload);
  }

  private static String name(Signer s) {
    String k = s.verifierKey();
    return k.substring(0, k.indexOf('+'));
  }

  private static JsonNode parse(byte[] b) {
    try {
      return Json.read(b);
    } catch (Json.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized long size() {
    return rows.size();
  }

  @Override
  public synchronized void entries(long start, long end, Consumer<LedgerRow> sink) {
    for (long i = Math.max(0, start); i < Math.min(end, rows.size()); i++) {
      sink.accept(rows.get((int) i));
    }
  }

  @Override
  public synchronized Optional<LedgerRow> entry(long index) {
    return index >= 0 && index < rows.size() ? Optional.of(rows.get((int) index)) : Optional.empty();
  }

  @Override
  public synchronized Optional<LedgerRecord> find(String type, String key) {
    for (LedgerRow r : rows) {
      if (r.columns().type().equals(type) && key.equals(r.columns().key())) {
        return Optional.of(new LedgerRecord(r.index(), r.columns().timestamp(), type, parse(r.canonical()).path("payload")));
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized void query(EntryQuery q, Consumer<LedgerRow> sink) {
    List<LedgerRow> ordered = new ArrayList<>(rows);
    if (q.newestFirst()) {
      java.util.Collections.reverse(ordered);
    }
    int n = 0;
    for (LedgerRow r : ordered) {
      boolean afterCursor = q.after() < 0 || (q.newestFirst() ? r.index() < q.after() : r.index() > q.after());
      if (n < q.limit() && afterCursor && q.matches(r.columns())) {
        sink.accept(r);
        n++;
      }
    }
  }

  @Override
  public synchronized List<String> checkpoints() {
    return List.copyOf(notes);
  }

  @Override
  public synchronized Optional<String> latestCheckpoint() {
    return notes.isEmpty() ? Optional.empty() : Optional.of(notes.get(notes.size() - 1));
  }

  @Override
  public synchronized List<KeyRotation> keyRotations() {
    List<KeyRotation> out = new ArrayList<>();
    for (LedgerRow r : rows) {
      if (r.columns().type().equals("key-rotation")) {
        out.add(KeyRotation.fromEntry(parse(r.canonical())));
      }
    }
    return out;
  }

  @Override
  public synchronized List<byte[]> leafHashes(long size) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < Math.min(size, rows.size()); i++) {
      out.add(LeafHash.leaf(rows.get(i).canonical()));
    }
    return out;
  }

  @Override
  public synchronized Optional<LedgerHead> head() {
    return Optional.of(new LedgerHead(rows.size(), head, 1, signer == null ? null : signer.verifierKey()));
  }

  @Override
  public String description() {
    return "memory";
  }

  @Override
  public void close() {}
}
