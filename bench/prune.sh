#!/usr/bin/env bash
# Measures prune-jobs on a large store while clients keep submitting: a store of
# ${JOBS:-1000000} ended jobs (each with ${PACKETS:-2} stream packets) is written straight into
# SQLite, then harpcallerd starts on it, cload submits at full speed (32 clients) first alone
# (baseline) and then while `harpcallerd prune-jobs --age=30` removes every old job.
# Usage: bench/prune.sh   (loopback only; bounded: the prune is cut off after 30 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-1000000}
PACKETS=${PACKETS:-2}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build HarpCaller.slnx -c Release -nologo -v quiet >/dev/null
DAEMON_DLL=src/harpcallerd/bin/Release/net10.0/harpcallerd.dll
WORK=$(mktemp -d /tmp/harpcaller-prune.XXXXXX)
PORT=${BENCH_PORT:-35030}
DAEMON=
cleanup() { [ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
gcc -O2 -pthread -o "$WORK/cload" bench/cload/cload.c

cat > "$WORK/harpcaller.toml" <<CONF
listen = ["127.0.0.1:$PORT"]
stream_directory = "$WORK/stream"
host_db = "$WORK/hosts.db"
log_handlers = []
CONF
start_daemon() {
  dotnet $DAEMON_DLL --socket="$WORK/control" start --config="$WORK/harpcaller.toml" > "$WORK/daemon.log" 2>&1 &
  DAEMON=$!
  dotnet $DAEMON_DLL --socket="$WORK/control" status --wait --timeout=120 > /dev/null
}
stop_daemon() { dotnet $DAEMON_DLL --socket="$WORK/control" stop --timeout=60 > /dev/null; DAEMON=; }

start_daemon; stop_daemon   # creates the store with its schema

echo "== writing $JOBS ended jobs (40 days old, $PACKETS packets each) into the store"
python3 - "$WORK/stream/jobs.sqlite" "$JOBS" "$PACKETS" <<'PY'
import os, sqlite3, sys, time
path, jobs, packets = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode=WAL")
old = int(time.time()) - 40 * 86400
def rows():
    for seq in range(1, jobs + 1):
        yield (seq, os.urandom(16), "web%02d" % (seq % 50), "some.procedure", "[%d,\"x\"]" % seq, "null",
               None, None, 1, 600000, 600000, old, old, old + 1, packets, b'{"result":true}')
db.executemany("INSERT INTO jobs(seq,id,host,procedure,arguments,info,queue_name,queue_key,queue_concurrency,"
               "timeout_ms,max_exec_ms,submit,start,\"end\",packets,outcome) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows())
db.executemany("INSERT INTO packets(job,n,time,data) VALUES(?,?,?,?)",
               ((seq, n, old, b'{"line":"some output"}') for seq in range(1, jobs + 1) for n in range(packets)))
# The id index as the dispatcher keeps it (job_ids, and the watermark below which every id is in it).
db.execute("INSERT INTO job_ids(id, seq) SELECT id, seq FROM jobs ORDER BY id")
db.execute("INSERT OR REPLACE INTO store_meta(name, value) VALUES('ids_indexed_through', ?)", (jobs,))
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
PY
echo "store: $(du -cb "$WORK"/stream/jobs.sqlite* | tail -1 | cut -f1) bytes"

t0=$(date +%s%N); start_daemon
echo "start on the large store -> answering: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
SUBMIT='{"harpcaller":1,"host":"nohost","procedure":"echo","arguments":[1]}'
"$WORK/cload" --port $PORT --clients 32 --duration 4 --request "$SUBMIT" --expect-prefix '{"harpcaller":1,"job_id"' > /dev/null
echo "== baseline: submits, 32 clients, no prune"
"$WORK/cload" --port $PORT --clients 32 --duration 10 --request "$SUBMIT" --expect-prefix '{"harpcaller":1,"job_id"' | head -1

echo "== prune-jobs --age=30 while 32 clients submit"
"$WORK/cload" --port $PORT --clients 32 --duration "${LOAD_SECONDS:-30}" --request "$SUBMIT" --expect-prefix '{"harpcaller":1,"job_id"' > "$WORK/cload.out" &
LOAD=$!
t0=$(date +%s%N)
timeout 1800 dotnet $DAEMON_DLL --socket="$WORK/control" prune-jobs --age=30
echo "prune took $(( ($(date +%s%N) - t0) / 1000000 )) ms"
wait $LOAD; head -1 "$WORK/cload.out"
echo "store after: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from jobs').fetchone()[0])" "$WORK/stream/jobs.sqlite") jobs"
stop_daemon
