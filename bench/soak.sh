#!/usr/bin/env bash
# Soak: gavel serve at a fixed rate of POST /v1/decisions for MINUTES (default 10), sampling the
# server's heap after a full GC every minute and counting non-2xx answers. A healthy run shows a
# flat heap (the ledger is on disk; nothing per-decision stays in memory) and no error.
# Usage: bench/soak.sh [MINUTES] [REQUESTS-PER-SECOND, default 50]. Needs wrk (apt-get install wrk) and jcmd.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
minutes="${1:-10}"
rate="${2:-50}"
conns=8
command -v wrk >/dev/null || (apt-get install -y wrk >/dev/null 2>&1 || true)
command -v wrk >/dev/null || { echo "bench/soak.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
work="$(mktemp -d)"
mvn -B -q -Dstyle.color=never -pl adapters/http -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 3; }
cp="adapters/http/target/test-classes:$(ls -d adapters/*/target/classes engine/*/target/classes bundles/target/classes testkit/target/classes | tr '\n' ':')"
cp="$cp$(tr ':' '\n' < adapters/http/target/bench.classpath | grep -v '/dev/gavel/' | tr '\n' ':')"
server=""
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
java -Xmx1g -cp "$cp" dev.gavel.http.bench.ServeBench server "$work/home" "$repo" "$work/env" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do [ -s "$work/env" ] && break; sleep 0.5; done
# shellcheck disable=SC1091
source "$work/env"
# wrk has no fixed-rate mode; each connection waits conns/rate seconds between requests.
cat > "$work/soak.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
function delay() return math.floor(1000 * $conns / $rate) end
LUA
TOKEN="$TOKEN" BODY="$REQUEST" wrk -t2 -c"$conns" -d"${minutes}m" --latency -s "$work/soak.lua" \
  "http://127.0.0.1:$GAVEL_PORT/v1/decisions" >"$work/wrk.out" &
load=$!
echo "| minute | heap used after full GC (MiB) | ledger entries |"
echo "|---|---|---|"
for m in $(seq 1 "$minutes"); do
  sleep 60
  jcmd "$server" GC.run >/dev/null
  used="$(jcmd "$server" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); print int(v / 1024); exit } }')"
  entries="$(java -cp "$cp" -Dx=1 dev.gavel.http.bench.ServeBench count "$work/home" "$repo" 2>/dev/null || echo "?")"
  echo "| $m | $used | $entries |"
done
wait "$load"
grep -E "Requests/sec|Non-2xx|Socket errors|50%|99%" "$work/wrk.out" || true
echo "(no Non-2xx line above: every answer was 2xx)"
