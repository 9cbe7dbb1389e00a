#!/usr/bin/env bash
# One command to a working local setup: builds, starts a demo harpd (TLS, port 4306, user rpc)
# and harpcallerd on 127.0.0.1:3502 with its store under ./var/. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build HarpCaller.slnx -c Release -nologo -v quiet
mkdir -p var
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }

dotnet "$(bin tests/HarpCaller.TestHarpd HarpCaller.TestHarpd)" --bind 127.0.0.1 --port 4306 --self-signed --user rpc:secret &
harpd=$!
trap 'kill $harpd 2>/dev/null || true' EXIT

cat <<MSG
harpcallerd is starting on 127.0.0.1:3502; in another terminal try:
  dotnet $(bin src/harp harp) call demo echo '[1, "two", {"three": 3}]' --wait
  dotnet $(bin src/harp harp) call demo stream '[5]'
  dotnet $(bin src/harp harp) follow <job-id> --since 0
  dotnet $(bin src/harpcallerd harpcallerd) --socket var/control list --all
  dotnet $(bin src/harpcallerd harpcallerd) --socket var/control hosts-list
MSG
dotnet "$(bin src/harpcallerd harpcallerd)" --socket var/control start --config examples/demo.toml
