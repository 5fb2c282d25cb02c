#!/usr/bin/env bash
# Runs the engine benchmarks (JMH) with their same-run baselines and prints the figures the
# README reports. Usage: bench/rego.sh [JMH options], e.g. bench/rego.sh -f 1 -wi 2 -i 3
exec "$(dirname "${BASH_SOURCE[0]}")/jmh.sh" engine/rego dev.gavel.rego.bench.RegoBench "$@"
