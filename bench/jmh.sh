#!/usr/bin/env bash
# Shared by the bench/*.sh scripts: builds MODULE with its test classes and runs the JMH benchmark
# CLASS on its test classpath. Usage: bench/jmh.sh MODULE CLASS [JMH options]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$1"
class="$2"
shift 2
cd "$repo"
mvn -B -q -pl "$module" -am -DskipTests install >/dev/null
mvn -B -q -pl "$module" test-compile dependency:build-classpath -Dmdep.outputFile="$repo/$module/target/bench.classpath" -Dmdep.includeScope=test >/dev/null
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")"
exec java -Dgavel.repo.dir="$repo" -cp "$cp" org.openjdk.jmh.Main "$class" "$@"
