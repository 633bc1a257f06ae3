#!/usr/bin/env bash
# Stops a router started by scripts/start-router.sh: scripts/stop-router.sh crossbar|nexus
set -uo pipefail
name="${1:?usage: stop-router.sh crossbar|nexus}"
run="${WAMPKIT_RUN:-${TMPDIR:-/tmp}/wampkit-routers}"
if [ "$name" = nexus ] && [ -f "$run/nexus-auth.pid" ]; then
  kill -TERM "$(cat "$run/nexus-auth.pid")" 2>/dev/null
  rm -f "$run/nexus-auth.pid"
fi
pidfile="$run/$name.pid"
[ -f "$pidfile" ] || exit 0
pid="$(cat "$pidfile")"
rm -f "$pidfile"
kill -0 "$pid" 2>/dev/null || exit 0
kill -TERM "$pid" 2>/dev/null
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || { echo "$name stopped"; exit 0; }; sleep 0.2; done
kill -KILL "$pid" 2>/dev/null
# Crossbar runs its router in a worker process: make sure no worker outlives the controller.
pkill -KILL -f "crossbar-node/.crossbar" 2>/dev/null || true
echo "$name killed"
