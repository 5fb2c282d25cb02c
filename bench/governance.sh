#!/usr/bin/env bash
# Governance speed (JMH, same-run baselines): impact analysis over 10,000 recorded decisions vs plain
# evaluation, and activation gates of a 1,000-file revision vs loading and compiling. Usage: bench/governance.sh [JMH options]
exec "$(dirname "${BASH_SOURCE[0]}")/jmh.sh" adapters/cli dev.gavel.cli.bench.GovernanceBench "$@"
