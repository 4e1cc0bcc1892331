#!/usr/bin/env bash
# npm ci from the committed package-lock.json, skipped when node_modules was installed from this
# very lockfile already (npm ci deletes and reinstalls everything, ~30 s on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.chatflows-lock.sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$wanted" ]]; then
  exit 0
fi
npm ci --no-audit --no-fund
echo "$wanted" >"$stamp"
