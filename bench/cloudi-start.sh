#!/usr/bin/env bash
# Start-up time and idle memory of the `cloudi` executable (docs/cloudi.md).
#
# Builds Release, writes a small configuration (4 internal services from the test services
# assembly, loaded with --code-path), then RUNS times: starts `cloudi start`, measures the wall
# time from exec until the "cloudi started" log line, and stops it with `cloudi stop`. The last
# run is left idle for IDLE_SECONDS and its VmRSS read from /proc/PID/status.
#
#   bench/cloudi-start.sh                  # dotnet cloudi.dll start ...
#   LAUNCHER=apphost bench/cloudi-start.sh # the native launcher bin/.../cloudi start ...
#   RUNS=10 IDLE_SECONDS=10 bench/cloudi-start.sh
set -euo pipefail

RUNS=${RUNS:-5}
IDLE_SECONDS=${IDLE_SECONDS:-5}
LAUNCHER=${LAUNCHER:-dotnet}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/src/cloudi/bin/Release/net10.0
SERVICES=$ROOT/tests/cloudi.Tests/TestServices/bin/Release/net10.0

echo "building (Release)..."
dotnet build "$ROOT/src/cloudi/cloudi.csproj" -c Release -nologo -v:q >/dev/null
dotnet build "$ROOT/tests/cloudi.Tests/TestServices/CloudI.Executable.TestServices.csproj" -c Release -nologo -v:q >/dev/null

case $LAUNCHER in
  dotnet) CLOUDI=(dotnet "$OUT/cloudi.dll") ;;
  apphost) CLOUDI=("$OUT/cloudi") ;;
  *) echo "LAUNCHER is dotnet or apphost" >&2; exit 2 ;;
esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cloudi-bench.XXXXXX")
SOCKET=$WORK/cloudi.sock
PID=
cleanup() {
  if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

cat > "$WORK/cloudi.conf" <<'CONF'
{acl, [{tests, ["/bench/*"]}]}.
{services, [
    [{prefix, "/bench/"}, {module, 'CloudI.TestServices.Echo'}, {count_process, 2}],
    [{prefix, "/bench/"}, {module, 'CloudI.TestServices.Reverse'}],
    [{prefix, "/bench/"}, {module, 'CloudI.TestServices.Counter'}],
    [{prefix, "/bench/"}, {module, 'CloudI.TestServices.Forward'}, {args, [{to, "/bench/echo"}]},
     {dest_list_allow, [tests]}]
]}.
{logging, [{level, info}, {file, "cloudi.log"}]}.
CONF

now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; }

# Starts cloudi; sets PID and MS (exec -> "cloudi started" line), leaves it running.
start_once() {
  local run=$1 fifo=$WORK/fifo.$1 out=$WORK/stdout.$1 line t0 t1
  mkfifo "$fifo"
  t0=$(now_us)
  "${CLOUDI[@]}" start --config="$WORK/cloudi.conf" --code-path="$SERVICES" --socket="$SOCKET" >"$fifo" 2>&1 &
  PID=$!
  exec 3<"$fifo"
  MS=
  while IFS= read -r -u 3 line; do
    printf '%s\n' "$line" >>"$out"
    if [[ $line == *"cloudi started:"* ]]; then
      t1=$(now_us)
      MS=$(( (t1 - t0) / 1000 ))
      STARTED_LINE=${line#* INFO cloudi: }
      break
    fi
  done
  # Keep draining its output so it never blocks on a full pipe.
  cat <&3 >>"$out" &
  exec 3<&-
  if [[ -z $MS ]]; then
    echo "run $run: cloudi did not start:" >&2
    cat "$out" >&2
    exit 1
  fi
}

stop_once() {
  "${CLOUDI[@]}" stop --socket="$SOCKET" --timeout=30
  wait "$PID" || { echo "cloudi exited with $?" >&2; exit 1; }
  PID=
}

declare -a times=()
for ((i = 1; i <= RUNS; i++)); do
  start_once "$i"
  times+=("$MS")
  printf 'run %d: %4d ms exec -> "cloudi started" (%s)\n' "$i" "$MS" "$STARTED_LINE"
  if ((i < RUNS)); then stop_once; fi
done

sleep "$IDLE_SECONDS"
RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$PID/status")
THREADS=$(awk '/^Threads:/ {print $2}' "/proc/$PID/status")
"${CLOUDI[@]}" status --socket="$SOCKET" | sed 's/^/  /'
t0=$(now_us)
stop_once
STOP_MS=$(( ($(now_us) - t0) / 1000 ))

mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
MEDIAN=${sorted[$(( (${#sorted[@]} - 1) / 2 ))]}
echo
echo "launcher:             ${CLOUDI[*]}"
echo "start-up (exec -> all services initialised, $RUNS runs): min ${sorted[0]} ms, median $MEDIAN ms, max ${sorted[-1]} ms"
echo "idle RSS after ${IDLE_SECONDS} s:     $((RSS_KB / 1024)) MB ($RSS_KB kB), $THREADS threads"
echo "stop (cloudi stop):   $STOP_MS ms"
