package dev.gavel.core.port;

/** Where an appended entry landed: its index, its hash, and the tree size after it. */
public record LedgerReceipt(long index, String entryHash, long treeSize) {}
