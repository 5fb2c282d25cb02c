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
cp="adapters/store/target/test-classes:adapters/store/target/classes$modules:engine/core/target/test-classes:$(cat adapters/store/target/bench.classpath)"
if [ $# -eq 0 ]; then
  set -- 'dev.gavel.store.bench.ArtifactStatusBench'
fi
exec java ${JMH_JAVA_OPTS:-} -cp "$cp" org.openjdk.jmh.Main "$@"
