#!/usr/bin/env bash
# Gavel and OPA side by side: same machine, same run, same files (bench SideBySide prepares them:
# the default policy library, its data, every fixture's policy input as the release gate builds it,
# generated policies of 10 / 1,000 / 10,000 rules, a small policy). Prints markdown tables:
#   1. in-process: the default policy over every fixture input, Gavel (JMH) vs `opa bench`, with
#      Jackson parsing the inputs as the baseline of the earlier aim; large policies on both;
#   2. server: Gavel's Data API (`gavel serve`, POST /v1/data/gavel/release/decision) vs OPA's
#      server, one policy input, wrk at 1, 16 and 64 connections: throughput, p50, p99;
#   3. whole process (JVM start-up included): `gavel rego eval` vs `opa eval` on a small query and
#      on 10,000 rules, `gavel evaluate` on a demo request vs `opa eval` of its decision, `gavel
#      --help` and `java -version` as floors: median wall and CPU seconds of RUNS runs.
# Usage: bench/opa-side-by-side.sh [--profile]   (env: SECS per wrk cell, default 5; RUNS, default 10;
# JMH options in JMH, default "-f 1 -wi 3 -i 5 -w 1s -r 1s"). --profile adds a JFR profile of the
# in-process evaluation: the top frames by samples. Needs wrk and jq (Debian: apt-get install wrk jq),
# Go or $GAVEL_OPA for OPA (scripts/opa.sh). Builds with Maven (package, no install).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
secs="${SECS:-5}"
runs="${RUNS:-10}"
jmh_opts="${JMH:--f 1 -wi 3 -i 5 -w 1s -r 1s}"
profile=0
[ "${1:-}" = "--profile" ] && profile=1
for tool in wrk jq; do
  command -v "$tool" >/dev/null || (apt-get install -y "$tool" >/dev/null 2>&1 || true)
  command -v "$tool" >/dev/null || { echo "bench/opa-side-by-side.sh: $tool is not installed (apt-get install $tool)" >&2; exit 2; }
done
opa="$(bash scripts/opa.sh)"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
mvn -B -q -o -Dstyle.color=never -DskipTests -pl adapters/cli,adapters/opa -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 3; }
jar="$repo/adapters/cli/target/gavel.jar"
cp="adapters/opa/target/test-classes:$(ls -d adapters/*/target/classes engine/*/target/classes bundles/target/classes testkit/target/classes | tr '\n' ':')"
cp="$cp$(tr ':' '\n' < adapters/opa/target/bench.classpath | grep -v '/dev/gavel/' | tr '\n' ':')"
sbs="$work/sbs"
java -Dgavel.repo.dir="$repo" -cp "$cp" dev.gavel.opa.bench.SideBySide prepare "$repo" "$sbs"
ninputs="$(ls "$sbs/inputs" | wc -l)"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $("$opa" version | head -1 | tr -d '\n'), $(date -u +%Y-%m-%dT%H:%MZ)"

# ---- 1. in-process ----
# shellcheck disable=SC2086
java -Dgavel.sbs.dir="$sbs" -cp "$cp" org.openjdk.jmh.Main 'dev.gavel.opa.bench.SideBySideBench' $jmh_opts >"$work/jmh.log" 2>&1 \
  || { cat "$work/jmh.log" >&2; exit 3; }
jmh() { # METHOD [PARAM] -> microseconds per op
  awk -v m="SideBySideBench.$1" -v p="${2:-}" '$1 == m && (p == "" || $2 == p) && /avgt/ { for (i = 2; i <= NF; i++) if ($i == "avgt") { print $(i + 2); exit } }' "$work/jmh.log"
}
opa_bench() { # QUERY INPUT FILES... -> microseconds per op
  local q="$1" in="$2"; shift 2
  local args=()
  for f in "$@"; do args+=(-d "$f"); done
  "$opa" bench --format json "${args[@]}" -i "$in" "$q" | jq '.T / .N / 1000' | awk '{ printf "%.1f\n", $1 }'
}
opa_total=0
for f in "$sbs"/inputs/*.json; do
  us="$(opa_bench data.gavel.release.decision "$f" "$sbs/policy" "$sbs/data.json")"
  opa_total="$(awk -v a="$opa_total" -v b="$us" 'BEGIN { print a + b }')"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2fx", a / b }'; }
per() { awk -v a="$1" -v n="$ninputs" 'BEGIN { printf "%.1f", a / n }'; }
engine="$(jmh engineDefaultPolicy)"
evaluator="$(jmh evaluatorDefaultPolicy)"
jackson="$(jmh parseRequestsWithJackson)"
echo
echo "### In process: the default policy over the $ninputs fixture policy inputs (µs per evaluation, mean over the inputs)"
echo
echo "| what | Gavel | OPA (opa bench) | Gavel / OPA | Jackson parsing the same inputs | Gavel / Jackson |"
echo "|---|---|---|---|---|---|"
echo "| engine: prepared query over a parsed input (what opa bench measures) | $(per "$engine") | $(per "$opa_total") | $(ratio "$engine" "$opa_total") | $(per "$jackson") | $(ratio "$engine" "$jackson") |"
echo "| EmbeddedEvaluator.evaluate (JSON input, decision + mask rule + rule origins) | $(per "$evaluator") | | $(ratio "$evaluator" "$opa_total") | | $(ratio "$evaluator" "$jackson") |"
echo
echo "### Large policies: N deny rules keyed on input.kind, one matching (µs per evaluation)"
echo
echo "| rules | Gavel | OPA (opa bench) | Gavel / OPA |"
echo "|---|---|---|---|"
for n in 10 1000 10000; do
  g="$(jmh engineLargePolicy "$n")"
  o="$(opa_bench data.large.deny "$sbs/large-input.json" "$sbs/large-$n.rego")"
  echo "| $n | $g | $o | $(ratio "$g" "$o") |"
done

# ---- 2. server ----
port() { java -cp "$cp" dev.gavel.opa.bench.SideBySide port; }
home="$work/home"
mkdir -p "$home"
token="$(GAVEL_HOME="$home" java -jar "$jar" tokens create --role pipeline --name bench)"
gport="$(port)"
oport="$(port)"
GAVEL_HOME="$home" java -Xmx1g -jar "$jar" serve --plaintext --listen "127.0.0.1:$gport" --rate-limit 0 --access-log off \
  --policies "$repo/policies" >"$work/serve.log" 2>&1 &
pids+=($!)
"$opa" run --server --addr "127.0.0.1:$oport" --log-level error "$sbs/policy" "$sbs/data.json" >"$work/opa.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$gport/health/live" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$oport/health" >/dev/null 2>&1 && break
  sleep 0.5
done
body="$work/body.json"
printf '{"input":%s}' "$(cat "$sbs/inputs/allow-minimal-classifier.json")" >"$body"
a="$(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @"$body" \
  "http://127.0.0.1:$gport/v1/data/gavel/release/decision" | jq -S .result)"
b="$(curl -s -H 'Content-Type: application/json' --data-binary @"$body" "http://127.0.0.1:$oport/v1/data/gavel/release/decision" | jq -S .result)"
[ "$a" = "$b" ] && [ "$a" != "null" ] || { echo "the servers answer differently:" >&2; echo "$a" >&2; echo "$b" >&2; cat "$work/serve.log" >&2; exit 3; }
cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("TOKEN") ~= "" then wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN") end
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
LUA
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }
load() { # URL CONNECTIONS TOKEN -> rate p50 p99 non2xx
  local out threads=$(( $2 < 2 ? 1 : 2 ))
  TOKEN="$3" BODY="$body" wrk -t"$threads" -c"$2" -d"${secs}s" --latency -s "$work/post.lua" "$1" >/dev/null 2>&1
  out="$(TOKEN="$3" BODY="$body" wrk -t"$threads" -c"$2" -d"${secs}s" --latency -s "$work/post.lua" "$1")"
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(ms "$(awk '$1=="50%" {print $2}' <<<"$out")") $(ms "$(awk '$1=="99%" {print $2}' <<<"$out")") $(awk '/Non-2xx/ {print $5}' <<<"$out")"
}
echo
echo "### Server: POST /v1/data/gavel/release/decision, one policy input (allow-minimal-classifier), wrk, ${secs} s per cell after ${secs} s of warm-up"
echo
echo "| connections | Gavel req/s | p50 ms | p99 ms | OPA req/s | p50 ms | p99 ms | Gavel / OPA throughput | non-2xx (Gavel, OPA) |"
echo "|---|---|---|---|---|---|---|---|---|"
# Both servers warmed at 16 connections first, so the 1-connection cell does not measure Gavel's JIT warm-up.
load "http://127.0.0.1:$gport/v1/data/gavel/release/decision" 16 "$token" >/dev/null
load "http://127.0.0.1:$oport/v1/data/gavel/release/decision" 16 "" >/dev/null
for c in 1 16 64; do
  read -r gr g50 g99 gbad < <(load "http://127.0.0.1:$gport/v1/data/gavel/release/decision" "$c" "$token")
  read -r orr o50 o99 obad < <(load "http://127.0.0.1:$oport/v1/data/gavel/release/decision" "$c" "")
  echo "| $c | $gr | $g50 | $g99 | $orr | $o50 | $o99 | $(ratio "$gr" "$orr") | ${gbad:-0}, ${obad:-0} |"
done
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
pids=()

# ---- 3. whole process ----
timed() { # LABEL CMD... -> "median-wall median-cpu" over $runs runs (one unmeasured run first)
  shift
  "$@" >/dev/null 2>&1 || true
  local walls=() cpus=()
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$work/t" "$@" >/dev/null 2>&1 || true
    read -r w u s <"$work/t"
    walls+=("$w")
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')")
  done
  echo "$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') $(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
}
ehome="$work/evaluate-home"
mkdir -p "$ehome"
echo
echo "### Whole process, JVM start-up included (median of $runs runs; seconds)"
echo
echo "| command | wall | CPU (user+sys) |"
echo "|---|---|---|"
line() { local label="$1"; shift; read -r w c < <(timed "$label" "$@"); echo "| $label | $w | $c |"; }
line "java -version (JVM floor)" java -version
line "gavel --help" java -jar "$jar" --help
line "gavel rego eval (small query)" java -jar "$jar" rego eval -d "$sbs/small.rego" -i "$sbs/small-input.json" data.small.allow
line "opa eval (small query)" "$opa" eval -d "$sbs/small.rego" -i "$sbs/small-input.json" data.small.allow
line "gavel evaluate (demo request: verify evidence, decide, sign, record)" env GAVEL_HOME="$ehome" GAVEL_POLICIES="$repo/policies" \
  java -jar "$jar" evaluate --at 2026-12-01T12:00:00Z --data "$repo/test-fixtures/trust.json" "$repo/test-fixtures/requests/allow-minimal-classifier.json"
line "opa eval of the same decision (policy input given, nothing verified or recorded)" "$opa" eval -d "$sbs/policy" -d "$sbs/data.json" \
  -i "$sbs/inputs/allow-minimal-classifier.json" data.gavel.release.decision
line "gavel rego eval (10,000 rules: parse, compile, evaluate)" java -jar "$jar" rego eval -d "$sbs/large-10000.rego" -i "$sbs/large-input.json" data.large.deny
line "opa eval (10,000 rules)" "$opa" eval -d "$sbs/large-10000.rego" -i "$sbs/large-input.json" data.large.deny

# ---- profile ----
if [ "$profile" = 1 ]; then
  java -XX:StartFlightRecording=filename="$work/eval.jfr",settings=profile -cp "$cp" dev.gavel.opa.bench.SideBySide profile "$repo" 20 \
    >"$work/profile.log" 2>&1
  jfr print --events jdk.ExecutionSample "$work/eval.jfr" >"$work/samples.txt"
  total="$(grep -c 'jdk.ExecutionSample' "$work/samples.txt" || true)"
  echo
  echo "### Profile: where the in-process evaluation spends its time ($total JFR execution samples, 20 s)"
  echo
  echo "Top frames (self):"
  echo
  awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); print }' "$work/samples.txt" | sort | uniq -c | sort -rn | head -20 \
    | awk -v t="$total" '{ c = $1; $1 = ""; printf "- %5.1f%%  %s\n", 100 * c / t, $0 }'
  echo
  echo "Methods on the stack (inclusive, Gavel's engine only):"
  echo
  awk '/stackTrace = \[/ { inside = 1; delete seen; next } inside && /^[ \t]*\]/ { inside = 0; next }
       inside { l = $0; sub(/^[ \t]+/, "", l); sub(/[ \t]+line:.*/, "", l); if (l ~ /^dev\.gavel\.rego/ && !(l in seen)) { seen[l] = 1; print l } }' \
    "$work/samples.txt" | sort | uniq -c | sort -rn | head -25 | awk -v t="$total" '{ c = $1; $1 = ""; printf "- %5.1f%%  %s\n", 100 * c / t, $0 }'
fi
