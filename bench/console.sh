#!/usr/bin/env bash
# The web console in Debian's Chromium (scripts/chromium.sh) against gavel serve over a ledger of N
# decisions, each figure next to its baseline measured in the same run on the same ledger:
#   full verification in the page (WebCrypto)   vs   `gavel ledger verify` (JVM, engine/ledger; wall time)
#   one decision's proof in the page            vs   GET /v1/ledger/proof for it (curl; the server's part)
#   sign-in to the first decisions shown        (no baseline: a page load)
# Usage: bench/console.sh [N decisions, default 1000] [RUNS, default 3]. Builds the CLI with ./gavel.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
n="${1:-1000}"
runs="${2:-3}"
chromium="$(bash scripts/chromium.sh)"
(cd adapters/http/src/test/browser && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
./gavel --version >/dev/null
work="$(mktemp -d)"
server=""
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
printf 'data: [%s]\n' "$repo/test-fixtures/trust.json" > "$work/gavel.yaml"
home="$work"
pipeline="$(./gavel tokens create --home "$home" --role pipeline --name ci/release-pipeline 2>/dev/null)"
auditor="$(./gavel tokens create --home "$home" --role auditor --name bench-auditor 2>/dev/null)"
port=$(( 20000 + RANDOM % 20000 ))
./gavel serve --home "$home" --listen "127.0.0.1:$port" --plaintext --access-log off >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.5; done
body="$repo/test-fixtures/requests/allow-minimal-classifier.json"
for _ in $(seq 1 "$n"); do
  curl -sf -o /dev/null -H "Authorization: Bearer $pipeline" -H 'Content-Type: application/json' --data-binary @"$body" \
    "http://127.0.0.1:$port/v1/decisions"
done
page="$(cd adapters/http/src/test/browser && node console-bench.mjs "http://127.0.0.1:$port" "$auditor" "$chromium" "$runs")"
size="$(curl -sf "http://127.0.0.1:$port/v1/ledger/checkpoint" | sed -n 2p)"
cli=()
for _ in $(seq 1 "$runs"); do
  t0=$(date +%s%N); ./gavel ledger verify --home "$home" >/dev/null; t1=$(date +%s%N); cli+=($(( (t1 - t0) / 1000000 )))
done
proof=()
for _ in $(seq 1 "$runs"); do
  t=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $auditor" "http://127.0.0.1:$port/v1/ledger/proof?index=$((size - 1))")
  proof+=($(awk -v t="$t" 'BEGIN { printf "%d", t * 1000 }'))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
PAGE="$page" python3 - "$size" "$(median "${cli[@]}")" "$(median "${proof[@]}")" <<'PY'
import json, os, statistics, sys
size, cli, proof = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
p = json.loads(os.environ["PAGE"])
med = lambda xs: int(statistics.median(xs))
print(f"ledger: {size} entries; page verdict: {p['verdict'][:60]}...")
print("| what | console (Chromium) | baseline | baseline is |")
print("|---|---|---|---|")
print(f"| full verification, {p['entries']} entries | {med(p['audit'])} ms | {cli} ms | `gavel ledger verify` wall time (JVM start included) |")
print(f"| one decision's proof | {med(p['proof'])} ms | {proof} ms | `GET /v1/ledger/proof` alone (curl) |")
print(f"| sign-in to first decisions shown | {med(p['load'])} ms | | |")
PY
