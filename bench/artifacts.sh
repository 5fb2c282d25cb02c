#!/usr/bin/env bash
# The deployer's admission check (JMH): artifact status lookups per second on a ledger of
# 1,000,000 entries next to a plain indexed SELECT on the same database (same run), and the
# one-time scan the in-memory index needed before. Building the big ledger takes a few minutes.
# Usage: bench/artifacts.sh [JMH options]
exec bash "$(dirname "${BASH_SOURCE[0]}")/store-jmh.sh" dev.gavel.store.bench.ArtifactStatusBench gavel-artifact-bench-1000000 "$@"
