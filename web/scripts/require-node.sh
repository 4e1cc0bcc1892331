#!/usr/bin/env bash
# The builder is built with the node and npm on the PATH; nothing is downloaded for it.
set -euo pipefail
missing=()
command -v node >/dev/null 2>&1 || missing+=(node)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  echo "The web builder (web/) needs Node.js 20.19+ and npm on the PATH; not found: ${missing[*]}." >&2
  echo "Install Node.js 20.19 or later with its npm (e.g. from your distribution or nodejs.org packages)." >&2
  exit 1
fi
version=$(node --version)
IFS=. read -r major minor _ <<<"${version#v}"
if ((major < 20 || (major == 20 && minor < 19))); then
  echo "The web builder (web/) needs Node.js 20.19 or later; the node on the PATH is $version." >&2
  exit 1
fi
