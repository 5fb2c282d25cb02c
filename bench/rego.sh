#!/usr/bin/env bash
# Runs the engine benchmarks (JMH) with their same-run baselines and prints the figures the
# README reports. Usage: bench/rego.sh [JMH options], e.g. bench/rego.sh -f 1 -wi 2 -i 3
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mvn -B -q -pl engine/rego -am -DskipTests install >/dev/null
mvn -B -q -pl engine/rego test-compile dependency:build-classpath -Dmdep.outputFile="$repo/engine/rego/target/bench.classpath" -Dmdep.includeScope=test >/dev/null
cp="engine/rego/target/test-classes:engine/rego/target/classes:$(cat engine/rego/target/bench.classpath)"
exec java -Dgavel.repo.dir="$repo" -cp "$cp" org.openjdk.jmh.Main 'dev.gavel.rego.bench.RegoBench' "$@"
