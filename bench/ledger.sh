#!/usr/bin/env bash
# Runs the ledger benchmarks (JMH) with their same-run baselines and prints the figures the
# README reports. Usage: bench/ledger.sh [JMH options], e.g. bench/ledger.sh -i 3 -wi 1
exec "$(dirname "${BASH_SOURCE[0]}")/jmh.sh" adapters/store dev.gavel.store.bench.LedgerBench "$@"
