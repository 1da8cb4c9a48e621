#!/usr/bin/env bash
# The test command (README, .ci/run): restores, builds (which fetches and checks the pinned libduckdb once per
# machine) and runs every test project of the solution. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK (dotnet) is not on PATH" >&2; exit 1; }
command -v npm >/dev/null || { echo "test.sh: npm is not on PATH (the build fetches libduckdb with it): apt-get install -y npm" >&2; exit 1; }

# The server's tests check Prometheus output and rules with promtool and drive Debian's chromium (Playwright).
missing=()
command -v promtool >/dev/null || missing+=(prometheus)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${missing[*]} (apt-get)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing ${missing[*]}: sudo apt-get install -y ${missing[*]}" >&2; exit 1
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Build the whole solution first (benchmarks included: `dotnet test` alone builds only what the tests reference).
dotnet build Logbook.slnx -c Release
dotnet test Logbook.slnx -c Release --no-build "$@"
