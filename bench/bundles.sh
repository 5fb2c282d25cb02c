#!/usr/bin/env bash
# Build and verify of an OPA bundle with 1,000 policy files and a 10 MB data.json, next to gzip +
# SHA-256 of the same bytes in the same run (JMH). Builds the modules in the reactor (no install).
# Usage: bench/bundles.sh [JMH options], e.g. bench/bundles.sh -wi 2 -i 5
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mvn -B -q -o -pl bundles -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
cp="bundles/target/test-classes:bundles/target/classes:$(cat bundles/target/bench.classpath)"
exec java -Xmx4g -cp "$cp" org.openjdk.jmh.Main 'dev.gavel.bundles.bench.BundleBench' "$@"
