#!/usr/bin/env bash
# What one `gavel evaluate` costs on an empty ledger and on one of 1,000,000 entries (JMH, same
# run; building the big ledger takes a few minutes). Usage: bench/open.sh [JMH options]
exec "$(dirname "${BASH_SOURCE[0]}")/jmh.sh" adapters/cli dev.gavel.cli.bench.BigLedgerBench "$@"
