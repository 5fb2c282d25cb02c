#!/usr/bin/env bash
# Runs a JMH benchmark class of adapters/store's tests that keeps a big ledger in a scratch
# directory between its forks: builds in the reactor (nothing is installed into ~/.m2), copies the
# classes first (so builds during the run cannot change them under the forks), deletes the scratch
# ledger before and after. Usage: bench/store-jmh.sh CLASS SCRATCH-NAME [JMH options]
# (bench/artifacts.sh and bench/proofs.sh call it).
set -euo pipefail
bench_class="$1"
scratch="${TMPDIR:-/tmp}/$2"
shift 2
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mvn -B -q -pl adapters/store -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
snap="$(mktemp -d "${TMPDIR:-/tmp}/gavel-bench-classes.XXXXXX")"
trap 'rm -rf "$snap" "$scratch"' EXIT
cp=""
for d in adapters/store/target/test-classes adapters/store/target/classes testkit/target/classes engine/json/target/classes \
    engine/ledger/target/classes engine/core/target/classes engine/core/target/test-classes; do
  mkdir -p "$snap/$d" && cp -r "$d/." "$snap/$d/"
  cp="$cp:$snap/$d"
done
cp="${cp#:}:$(cat adapters/store/target/bench.classpath)"
rm -rf "$scratch"
java ${JMH_JAVA_OPTS:-} -Djava.io.tmpdir="${TMPDIR:-/tmp}" -cp "$cp" org.openjdk.jmh.Main "$bench_class" "$@"
