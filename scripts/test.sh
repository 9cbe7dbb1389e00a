#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need that a fresh machine may lack.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v python3 >/dev/null 2>&1; then
  # The independent Python client (tests/python) cross-checks the wire protocol.
  apt-get update -qq && apt-get install -y -qq python3 >/dev/null
fi

if ! command -v erl >/dev/null 2>&1; then
  # The CloudI external-protocol tests cross-check our term decoding against real Erlang.
  apt-get update -qq && apt-get install -y -qq erlang-nox >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build HarpCaller.slnx -c Release -nologo -v quiet
dotnet test HarpCaller.slnx -c Release --no-build -nologo -v quiet \
  --logger "console;verbosity=minimal" -- RunConfiguration.TestSessionTimeout=900000
