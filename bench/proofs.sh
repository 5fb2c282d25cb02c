#!/usr/bin/env bash
# An auditor's proofs (JMH): inclusion and consistency proofs per second on a ledger of 1,000,000
# entries from the store's kept subtree hashes, next to the same proofs from every leaf hash and
# to one indexed read of an entry (same run). Building the big ledger takes a few minutes.
# Usage: bench/proofs.sh [JMH options]
exec bash "$(dirname "${BASH_SOURCE[0]}")/store-jmh.sh" dev.gavel.store.bench.ProofBench gavel-proof-bench-1000000 "$@"
