#!/usr/bin/env bash
# Runs the ledger benchmarks (JMH) with their same-run baselines and prints the figures the
# README reports: LedgerBench (SQLite appends and audit) and Ed25519Bench (the checkpoint
# signature, JDK vs BouncyCastle). Builds in the reactor (nothing is installed into ~/.m2).
# Usage: bench/ledger.sh [JMH options], e.g. bench/ledger.sh -i 3 -wi 1 'LedgerBench'
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mvn -B -q -pl adapters/store -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
modules=""
for m in testkit engine/json engine/ledger engine/core; do
  modules="$modules:$m/target/classes"
done
cp="adapters/store/target/test-classes:adapters/store/target/classes$modules:engine/core/target/test-classes:$(cat adapters/store/target/bench.classpath)"
if [ $# -eq 0 ]; then
  set -- 'dev.gavel.store.bench.(LedgerBench|Ed25519Bench)'
fi
exec java ${JMH_JAVA_OPTS:-} -cp "$cp" org.openjdk.jmh.Main "$@"
