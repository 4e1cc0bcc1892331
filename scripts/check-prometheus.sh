#!/usr/bin/env bash
# Checks the Prometheus configuration and alerting rules offline, and runs the rules' unit tests:
# promtool check config, promtool check rules, promtool test rules (deploy/prometheus/).
# Installs Debian's prometheus package (which has promtool) when it is missing and we are root.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../deploy/prometheus"

if ! command -v promtool >/dev/null 2>&1; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "promtool not found; installing Debian's prometheus package with apt-get..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  else
    echo "error: promtool is not available; install it (e.g. apt-get install prometheus) and retry" >&2
    exit 1
  fi
fi

promtool check config prometheus.yml
promtool check rules alerts.yml
promtool test rules alerts-test.yml
