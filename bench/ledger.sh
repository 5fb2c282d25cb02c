#!/usr/bin/env bash
# Runs the ledger benchmarks (JMH) with their same-run baselines and prints the figures the
# README reports. Usage: bench/ledger.sh [JMH options], e.g. bench/ledger.sh -i 3 -wi 1
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mvn -B -q -pl adapters/store -am -DskipTests install >/dev/null
mvn -B -q -pl adapters/store test-compile dependency:build-classpath -Dmdep.outputFile="$repo/adapters/store/target/bench.classpath" -Dmdep.includeScope=test >/dev/null
cp="adapters/store/target/test-classes:adapters/store/target/classes:$(cat adapters/store/target/bench.classpath)"
exec java -cp "$cp" org.openjdk.jmh.Main 'dev.gavel.store.bench.LedgerBench' "$@"
