#!/usr/bin/env bash
# gavel serve under load from a second process (wrk) on loopback, each figure next to its baseline
# measured in the same run:
#   POST /v1/decisions at 1, 16, 64 connections   vs   the same request decided in-process (ReleaseGate, N threads)
#   POST /v1/data/gavel/release/decision at 16, 64  vs   a bare Vert.x endpoint answering a constant of the same size
# Usage: bench/serve.sh [SECONDS per cell, default 10]. Needs wrk (Debian: apt-get install wrk; the
# script installs it with apt-get when it can). Builds with Maven (no install). Writes a markdown table.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
secs="${1:-10}"
if ! command -v wrk >/dev/null; then
  (apt-get install -y wrk >/dev/null 2>&1 || true)
fi
command -v wrk >/dev/null || { echo "bench/serve.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
work="$(mktemp -d)"
mvn -B -q -Dstyle.color=never -pl adapters/http -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 3; }
cp="adapters/http/target/test-classes:$(ls -d adapters/*/target/classes engine/*/target/classes bundles/target/classes testkit/target/classes | tr '\n' ':')"
cp="$cp$(tr ':' '\n' < adapters/http/target/bench.classpath | grep -v '/dev/gavel/' | tr '\n' ':')"
server=""
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
java -Xmx2g -cp "$cp" dev.gavel.http.bench.ServeBench server "$work/server-home" "$repo" "$work/env" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do [ -s "$work/env" ] && break; sleep 0.5; done
[ -s "$work/env" ] || { cat "$work/server.log" >&2; exit 3; }
# shellcheck disable=SC1091
source "$work/env"
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
LUA
# wrk: rate, p50 ms, p99 ms, non-2xx count
run_wrk() { # URL CONNECTIONS BODY
  local out threads=$(( $2 < 2 ? 1 : 2 ))
  TOKEN="$TOKEN" BODY="$3" wrk -t"$threads" -c"$2" -d"${secs}s" --latency -s "$work/post.lua" "$1" >/dev/null 2>&1 # warm-up
  out="$(TOKEN="$TOKEN" BODY="$3" wrk -t"$threads" -c"$2" -d"${secs}s" --latency -s "$work/post.lua" "$1")"
  echo "$out" >>"$work/wrk.log"
  local rate p50 p99 bad
  rate="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  bad="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
  echo "$rate $(ms "$p50") $(ms "$p99") ${bad:-0}"
}
ms() { # wrk latency (us/ms/s) to ms
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'
}
echo "| connections | POST /v1/decisions: decisions/s | p50 ms | p99 ms | non-2xx | in-process ReleaseGate (same threads): decisions/s | p50 ms | p99 ms | HTTP / in-process |"
echo "|---|---|---|---|---|---|---|---|---|"
for c in 1 16 64; do
  read -r rate p50 p99 bad < <(run_wrk "http://127.0.0.1:$GAVEL_PORT/v1/decisions" "$c" "$REQUEST")
  read -r irate ip50 ip99 < <(java -Xmx2g -cp "$cp" dev.gavel.http.bench.ServeBench inprocess "$work/inproc-$c" "$repo" "$c" "$secs" 2>>"$work/server.log")
  ratio="$(awk -v a="$rate" -v b="$irate" 'BEGIN { printf "%.2f", a / b }')"
  echo "| $c | $rate | $p50 | $p99 | $bad | $irate | $ip50 | $ip99 | ${ratio}x |"
done
echo
echo "| connections | POST /v1/data/gavel/release/decision: req/s | p50 ms | p99 ms | non-2xx | bare Vert.x constant ($DATA_BYTES bytes): req/s | p50 ms | p99 ms | Data API / bare | same evaluation in-process (2 threads): req/s | Data API / in-process |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
read -r erate _ _ < <(java -Xmx2g -cp "$cp" dev.gavel.http.bench.ServeBench evaluate "$work/eval" "$repo" 2 "$secs" 2>>"$work/server.log")
for c in 16 64; do
  read -r rate p50 p99 bad < <(run_wrk "http://127.0.0.1:$GAVEL_PORT/v1/data/gavel/release/decision" "$c" "$DATA_BODY")
  read -r brate bp50 bp99 _ < <(run_wrk "http://127.0.0.1:$BARE_PORT/" "$c" "$DATA_BODY")
  ratio="$(awk -v a="$rate" -v b="$brate" 'BEGIN { printf "%.2f", a / b }')"
  eratio="$(awk -v a="$rate" -v b="$erate" 'BEGIN { printf "%.2f", a / b }')"
  echo "| $c | $rate | $p50 | $p99 | $bad | $brate | $bp50 | $bp99 | ${ratio}x | $erate | ${eratio}x |"
done
