#!/usr/bin/env bash
# Issue 4's in-process figures: send_sync round trips, send_async + recv_asyncs batches and
# mcast to 8 subscribers between C# internal services, with 1 and 16 concurrent senders.
# Usage: bench/cloudi-runtime.sh [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
dotnet build bench/CloudI.Bench -c Release -nologo -v quiet >/dev/null
run() { dotnet bench/CloudI.Bench/bin/Release/net10.0/CloudI.Bench.dll "$@"; }
run sync "$seconds" 16 2
run sync "$seconds" 1 1
run async "$seconds" 16 2
run async "$seconds" 1 2
run mcast "$seconds" 16
run mcast "$seconds" 1
