#!/usr/bin/env bash
# Key custody benchmarks (JMH, adapters/runtime CustodyBench): a checkpoint signature and opening the
# key, for the file key (Ed25519 in memory: the same-run baseline), the scrypt-encrypted key and a
# key in a SoftHSM2 token (made here with scripts/softhsm.sh in a temporary directory). Builds in the
# reactor (nothing is installed into ~/.m2).
# Usage: bench/custody.sh [JMH options], e.g. bench/custody.sh -p custody=file,pkcs11 CustodyBench.signCheckpoint
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
mvn -B -q -o -pl adapters/runtime -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
modules=""
for m in testkit engine/json engine/rego engine/ledger engine/core bundles adapters/rego adapters/store adapters/git adapters/opa; do
  modules="$modules:$m/target/classes"
done
cp="adapters/runtime/target/test-classes:adapters/runtime/target/classes$modules:$(cat adapters/runtime/target/bench.classpath)"
hsm="$(mktemp -d "${TMPDIR:-/tmp}/gavel-bench-hsm.XXXXXX")"
trap 'rm -rf "$hsm"' EXIT
line="$(bash scripts/softhsm.sh init "$hsm" gavel-bench | head -1)"
export SOFTHSM2_CONF="$hsm/softhsm2.conf"
lib="$(echo "$line" | sed -n 's/.*library=\([^ ]*\).*/\1/p')"
slot="$(echo "$line" | sed -n 's/.*slot=\([0-9]*\).*/\1/p')"
export GAVEL_BENCH_TOKEN="$lib:$slot:$hsm/gavel-bench.pin"
if [ $# -eq 0 ]; then
  set -- 'dev.gavel.runtime.CustodyBench'
fi
java -Dgavel.repo.dir="$repo" -cp "$cp" org.openjdk.jmh.Main "$@"
