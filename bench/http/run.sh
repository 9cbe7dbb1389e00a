#!/usr/bin/env bash
# HTTP front benchmark: builds Release, starts bench/http/CloudI.HttpBench (runtime + HTTP front on
# 127.0.0.1:6464 + the C# http_req service) and runs wrk against
#   http://127.0.0.1:6464/tests/http_req/csharp.xml?value=42
# Usage: bench/http/run.sh [duration]   (default 20s; e.g. 10s while iterating)
# Environment: THREADS (wrk -t, default 1), CONNECTIONS (wrk -c, default 32), PORT (default 6464).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20s}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-6464}
URL="http://127.0.0.1:$PORT/tests/http_req/csharp.xml?value=42"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
dotnet build bench/http/CloudI.HttpBench/CloudI.HttpBench.csproj -c Release -nologo -v quiet >/dev/null
OUT=$(mktemp /tmp/cloudi-httpbench.XXXXXX)
# Workstation GC with a 64 MB gen0 budget: ~10x fewer collections than the default on 2 cores
# (server GC measured worse here: more threads competing with wrk for the same 2 cores).
DOTNET_GCgen0size=${DOTNET_GCgen0size:-0x4000000} \
  dotnet bench/http/CloudI.HttpBench/bin/Release/net10.0/CloudI.HttpBench.dll "$PORT" > "$OUT" 2>&1 < <(sleep 100000) &
HOST=$!
cleanup() { kill "$HOST" 2>/dev/null || true; wait "$HOST" 2>/dev/null || true; rm -f "$OUT"; }
trap cleanup EXIT
for _ in $(seq 100); do grep -q listening "$OUT" 2>/dev/null && break; sleep 0.1; done
grep -q listening "$OUT" || { cat "$OUT" >&2; exit 1; }

echo "# check: $(curl -s -i "$URL" | tr -d '\r' | sed -n '1p;/^content-type/Ip;$p' | tr '\n' ' ')"
# Warm-up (JIT tiering, connection pool), not reported.
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$URL" >/dev/null
echo "# wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $URL"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$URL" | tee "$OUT.wrk"
awk '/Requests\/sec/ {print "requests/s: " $2} /^ +(50|75|90|99)%/ {print "p" $1 " latency: " $2}' "$OUT.wrk" | sed 's/%//'
echo "cpu pressure (other processes on this machine): $(sed -n 1p /proc/pressure/cpu 2>/dev/null)"
echo "host RSS: $(ps -o rss= -p "$HOST" | awk '{printf "%.0f MB", $1/1024}')"
rm -f "$OUT.wrk"
