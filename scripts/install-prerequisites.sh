#!/usr/bin/env bash
# Installs what the product and its tests need beyond the .NET SDK: the node tools (the SignalR browser client the
# dashboard serves, Azurite for the Azure Table tests) and, for the browser tests, Debian's Chromium.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if [ ! -x "$root/tools/node_modules/.bin/azurite-table" ] || [ ! -f "$root/tools/node_modules/@microsoft/signalr/dist/browser/signalr.min.js" ]; then
  echo "Installing node tools (npm ci in tools/)..."
  (cd "$root/tools" && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "${1:-}" = "--with-browser" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Chromium for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing and this user cannot install it: run 'sudo apt-get install chromium'." >&2
    exit 1
  fi
fi
