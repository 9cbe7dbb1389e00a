#!/usr/bin/env bash
# HTTP front benchmark: builds Release, starts bench/http/CloudI.HttpBench (runtime + HTTP front on
# 127.0.0.1:6464 + an http_req service) and runs wrk against
#   http://127.0.0.1:6464/tests/http_req/$TARGET.xml?value=42
# Usage: bench/http/run.sh [duration]   (default 20s; e.g. 10s while iterating)
# Environment: TARGET (csharp: the C# internal HttpReqService, default; python: the Python external
# examples/python/http_req.py, 1 process 1 thread), THREADS (wrk -t, default 1), CONNECTIONS (wrk
# -c, default 32), PORT (default 6464), FRONT_ARGS (extra front arguments), HOST_DIR (run an
# already built CloudI.HttpBench from this directory instead of building: for A/B runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20s}
TARGET=${TARGET:-csharp}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-6464}
URL="http://127.0.0.1:$PORT/tests/http_req/$TARGET.xml?value=42"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 || true
fi
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
if [ -z "${HOST_DIR:-}" ]; then
  dotnet build bench/http/CloudI.HttpBench/CloudI.HttpBench.csproj -c Release -nologo -v quiet >/dev/null
  HOST_DIR=bench/http/CloudI.HttpBench/bin/Release/net10.0
fi
WORK=$(mktemp -d /tmp/cloudi-httpbench.XXXXXX)
OUT=$WORK/host.out
mkfifo "$WORK/stdin"
# Runtime settings come from the host's runtimeconfig.json (CloudI.HttpBench.csproj, the same as
# src/cloudi/cloudi.csproj), so the run measures what users get. Its stdin is a FIFO: a "stats"
# line prints the GC counters, closing it stops the host.
dotnet "$HOST_DIR/CloudI.HttpBench.dll" "$PORT" "$TARGET" > "$OUT" 2>&1 < "$WORK/stdin" &
HOST=$!
exec 3> "$WORK/stdin"
cleanup() { exec 3>&- 2>/dev/null || true; kill "$HOST" 2>/dev/null || true; wait "$HOST" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 200); do grep -q listening "$OUT" 2>/dev/null && break; sleep 0.1; done
grep -q listening "$OUT" || { cat "$OUT" >&2; exit 1; }

# CPU accounting, in clock ticks: the machine (/proc/stat), the host with its children (the
# Python service) and wrk; "other processes" is the machine minus the two.
HZ=$(getconf CLK_TCK)
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
tree_pids() { echo "$1" $(pgrep -P "$1" || true); }
tree_ticks() {
  local total=0 pid
  for pid in $(tree_pids "$1"); do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}
# Context switches of every thread of the host and its children (thread hops show up here).
tree_switches() {
  local pid
  for pid in $(tree_pids "$1"); do cat /proc/"$pid"/task/*/status 2>/dev/null; done |
    awk '/^(non)?voluntary_ctxt_switches/ {s += $2} END {print s + 0}'
}
stats() { echo stats >&3; local n; n=$(grep -c '^stats:' "$OUT" || true); for _ in $(seq 50); do
  [ "$(grep -c '^stats:' "$OUT" || true)" -gt "$n" ] && break; sleep 0.05; done; grep '^stats:' "$OUT" | tail -1; }

echo "# check: $(curl -s -i "$URL" | tr -d '\r' | sed -n '1p;/^content-type/Ip;$p' | tr '\n' ' ')"
# Warm-up (JIT tiering, connection pool), not reported.
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$URL" >/dev/null
echo "# wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $URL"
S0=$(stats); M0=$(machine_busy); H0=$(tree_ticks "$HOST"); C0=$(tree_switches "$HOST"); T0=$(date +%s.%N)
WRK_TIMES=$( (wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$URL" > "$WORK/wrk"; times) | tail -1)
M1=$(machine_busy); H1=$(tree_ticks "$HOST"); C1=$(tree_switches "$HOST"); T1=$(date +%s.%N); S1=$(stats)
cat "$WORK/wrk"
awk '/Requests\/sec/ {print "requests/s: " $2} /^ +(50|75|90|99)%/ {print "p" $1 " latency: " $2}' "$WORK/wrk" | sed 's/%//'
REQUESTS=$(awk '/requests in/ {print $1}' "$WORK/wrk")
# `times` prints the children's user and system time as e.g. "0m1.234s 0m0.567s".
WRK_S=$(echo "$WRK_TIMES" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); s += a[1] * 60 + a[2] } print s }')
awk -v m=$((M1 - M0)) -v h=$((H1 - H0)) -v w="$WRK_S" -v hz="$HZ" -v t0="$T0" -v t1="$T1" -v n="$REQUESTS" \
    -v c=$((C1 - C0)) 'BEGIN {
  s = t1 - t0; mc = m / hz / s * 100; hc = h / hz / s * 100; wc = w / s * 100; oc = mc - hc - wc
  if (oc < 0) oc = 0
  printf "cpu (%% of one core): other processes %.0f%%, host %.0f%%, wrk %.0f%%, machine %.0f%% of 200%%\n", oc, hc, wc, mc
  if (n > 0) printf "host per request: %.1f us cpu, %.2f context switches\n", h / hz / n * 1e6, c / n }'
echo "$S0 $S1" | awk -v n="$REQUESTS" '{
  printf "gc during the run: gen0 %d, gen1 %d, gen2 %d, pause %.1f ms", $14 - $3, $16 - $5, $18 - $7, $22 - $11
  if (n > 0) printf ", %.0f bytes allocated per request", ($20 - $9) / n
  printf "\n" }'
echo "cpu pressure: $(sed -n 1p /proc/pressure/cpu 2>/dev/null)"
echo "host RSS: $(ps -o rss= -p "$HOST" | awk '{printf "%.0f MB", $1/1024}')"
