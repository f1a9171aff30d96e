#!/usr/bin/env bash
# Installs what the product and its tests need beyond the .NET SDK: the node tools (the SignalR browser client the
# dashboard serves, Azurite for the Azure Table tests) and, with --for-tests, Debian's Chromium and docker-compose.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if [ ! -x "$root/tools/node_modules/.bin/azurite-table" ] || [ ! -f "$root/tools/node_modules/@microsoft/signalr/dist/browser/signalr.min.js" ]; then
  echo "Installing node tools (npm ci in tools/)..."
  (cd "$root/tools" && npm ci --no-audit --no-fund --loglevel=error)
fi

# For the tests: Chromium drives the browser tests; docker-compose validates the deployment file (no engine needed).
if [ "${1:-}" = "--for-tests" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
      echo "Installing ${missing[*]} for the tests..."
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "Missing ${missing[*]} and this user cannot install them: run 'sudo apt-get install ${missing[*]}'." >&2
      exit 1
    fi
  fi
fi
