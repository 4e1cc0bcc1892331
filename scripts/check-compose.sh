#!/usr/bin/env bash
# Validates docker-compose.yml offline (no Docker engine needed): `docker-compose config -q`.
# Installs Debian's docker-compose when it is missing and we are root with apt-get.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

compose=()
if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "docker-compose not found; installing it with apt-get..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
  compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  echo "error: neither docker-compose nor 'docker compose' is available;" \
    "install docker-compose (e.g. apt-get install docker-compose) and retry" >&2
  exit 1
fi

"${compose[@]}" -f docker-compose.yml config -q
echo "docker-compose.yml is valid"
