package dev.gavel.core.port;

/**
 * The chain head as the writer recorded it in the same transaction as its last batch: the tree
 * size, the last entry's hash, the checkpoint cadence it wrote with (a checkpoint at least every
 * {@code checkpointEvery} entries) and the verifier key of the key in force (null before the first
 * signed batch). Not evidence (the audit never trusts it); it lets a writer refuse the wrong key
 * and an audit say whether an uncovered tail is explained by the cadence.
 */
public record LedgerHead(long size, String headHash, int checkpointEvery, String signerKey) {}
