#!/usr/bin/env bash
# What one `gavel evaluate` costs on an empty ledger and on one of 1,000,000 entries (JMH, same
# run; building the big ledger takes a few minutes). Usage: bench/open.sh [JMH options]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mvn -B -q -pl adapters/cli -am -DskipTests install >/dev/null
mvn -B -q -pl adapters/cli test-compile dependency:build-classpath -Dmdep.outputFile="$repo/adapters/cli/target/bench.classpath" -Dmdep.includeScope=test >/dev/null
cp="adapters/cli/target/test-classes:adapters/cli/target/classes:$(cat adapters/cli/target/bench.classpath)"
exec java -Dgavel.repo.dir="$repo" -cp "$cp" org.openjdk.jmh.Main 'dev.gavel.cli.bench.BigLedgerBench' "$@"
