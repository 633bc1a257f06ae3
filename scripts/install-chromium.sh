#!/usr/bin/env bash
# Installs Debian's Chromium for the browser suite, once. Never downloads a browser build of its own.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium: already installed ($(/usr/bin/chromium --version 2>/dev/null || echo unknown))"
  exit 0
fi
t0=$SECONDS
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
echo "chromium: installed $(/usr/bin/chromium --version) in $((SECONDS - t0)) s"
