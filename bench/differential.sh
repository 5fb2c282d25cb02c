#!/usr/bin/env bash
# Differential testing of Gavel's Rego engine against a real OPA (scripts/opa.sh finds or builds
# it), printing a summary:
#   - the default policy library over every fixture request and N generated variants (embedded
#     evaluator vs OPA evaluator, on the exact policy input the release gate builds);
#   - M random Rego programs, each disagreement shrunk to a minimal case (--record stores new ones
#     under engine/rego/src/test/resources/differential, where DifferentialRegressionTest reads them);
#   - OPA's YAML conformance suite (../shared/conformance/opa) run through OPA, judged by our reading.
# Usage: bench/differential.sh [--variants N] [--programs M] [--seed S] [--record] [--no-conformance]
# Builds with Maven (test-compile; no install).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
args=()
conformance="$repo/../shared/conformance/opa"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-conformance) conformance="" ;;
    *) args+=("$1") ;;
  esac
  shift
done
if [ -n "$conformance" ] && [ -d "$conformance" ]; then args+=(--conformance "$conformance"); fi
GAVEL_OPA="$(bash scripts/opa.sh)"
export GAVEL_OPA
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mvn -B -q -o -Dstyle.color=never -pl adapters/opa -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 3; }
cp="adapters/opa/target/test-classes:$(ls -d adapters/*/target/classes engine/*/target/classes bundles/target/classes testkit/target/classes | tr '\n' ':')"
cp="$cp$(tr ':' '\n' < adapters/opa/target/bench.classpath | grep -v '/dev/gavel/' | tr '\n' ':')"
exec java -Xmx2g -Dgavel.repo.dir="$repo" -cp "$cp" dev.gavel.opa.differential.DifferentialMain "${args[@]}"
