#!/usr/bin/env bash
# Runs the PostgreSQL ledger benchmarks (JMH) with their same-run baseline (a raw batched INSERT
# of the same bytes into the same server). Uses GAVEL_TEST_PG_URL when set, else starts a
# throwaway cluster with scripts/postgres.sh for the run. Builds in the reactor (nothing is
# installed into ~/.m2). Usage: bench/postgres.sh [JMH options] [BENCHMARK-REGEX]
# (no arguments: all of PostgresLedgerBench; with options, name the benchmarks too), e.g. bench/postgres.sh -i 3 -wi 1 'PostgresLedgerBench.raw'
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [ -z "${GAVEL_TEST_PG_URL:-}" ]; then
  pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/gavel-bench-pg.XXXXXX")"
  trap 'bash scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true' EXIT
  GAVEL_TEST_PG_URL="$(bash scripts/postgres.sh start "$pg_dir")"
  export GAVEL_TEST_PG_URL
fi
mvn -B -q -pl adapters/store -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
modules=""
for m in testkit engine/json engine/ledger engine/core; do
  modules="$modules:$m/target/classes"
done
cp="adapters/store/target/test-classes:adapters/store/target/classes$modules:engine/core/target/test-classes:$(cat adapters/store/target/bench.classpath)"
if [ $# -eq 0 ]; then
  set -- 'dev.gavel.store.bench.PostgresLedgerBench'
fi
java ${JMH_JAVA_OPTS:-} -cp "$cp" org.openjdk.jmh.Main "$@"
