#!/usr/bin/env bash
# The deployer's admission check (JMH): artifact status lookups per second on a ledger of
# 1,000,000 entries next to a plain indexed SELECT on the same database (same run), and the
# one-time scan the in-memory index needed before. Builds in the reactor (nothing is installed
# into ~/.m2); building the big ledger takes a few minutes. Usage: bench/artifacts.sh [JMH options]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mvn -B -q -pl adapters/store -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
modules=""
for m in testkit engine/json engine/ledger engine/core; do
  modules="$modules:$m/target/classes"
done
# The classes are copied first, so that builds during the run (minutes) cannot change them under the forks.
snap="$(mktemp -d "${TMPDIR:-/tmp}/gavel-bench-classes.XXXXXX")"
trap 'rm -rf "$snap"' EXIT
cp=""
for d in adapters/store/target/test-classes adapters/store/target/classes ${modules//:/ } engine/core/target/test-classes; do
  mkdir -p "$snap/$d" && cp -r "$d/." "$snap/$d/"
  cp="$cp:$snap/$d"
done
cp="${cp#:}:$(cat adapters/store/target/bench.classpath)"
# A fresh ledger for this run (the benchmark keeps it between its forks).
rm -rf "${TMPDIR:-/tmp}/gavel-artifact-bench-1000000"
if [ $# -eq 0 ]; then
  set -- 'dev.gavel.store.bench.ArtifactStatusBench'
fi
java ${JMH_JAVA_OPTS:-} -Djava.io.tmpdir="${TMPDIR:-/tmp}" -cp "$cp" org.openjdk.jmh.Main "$@"
rm -rf "${TMPDIR:-/tmp}/gavel-artifact-bench-1000000"
