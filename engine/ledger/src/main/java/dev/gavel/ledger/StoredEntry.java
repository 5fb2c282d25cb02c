package dev.gavel.ledger;

/** An entry as a store keeps it: its index, the bytes that were hashed, and the recorded hash. */
public record StoredEntry(long index, byte[] canonical, String entryHash) {}
