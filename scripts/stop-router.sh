#!/usr/bin/env bash
# Stops a router started by scripts/start-router.sh: scripts/stop-router.sh crossbar|nexus
# SIGTERM to the pid in its pid file, then (after 10 s) SIGKILL to its process group: start-router.sh
# runs each router in its own session, so the group is the router and its workers, nothing else.
set -uo pipefail
name="${1:?usage: stop-router.sh crossbar|nexus|autobahn-v1}"
run="${WAMPKIT_RUN:-${TMPDIR:-/tmp}/wampkit-routers}"

# A router that exited is reparented to init, which may take a while to reap it: a zombie counts
# as stopped.
alive() { kill -0 "$1" 2>/dev/null && [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]; }

stop_pid() { # pid label
  local pid="$1" label="$2"
  alive "$pid" || return 0 # a stale pid file: the number may belong to someone else by now
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 50); do
    if ! alive "$pid"; then
      kill -KILL -- "-$pid" 2>/dev/null # a worker that outlived its controller
      echo "$label stopped"; return 0
    fi
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  echo "$label killed"
}

case "$name" in crossbar|nexus|autobahn-v1) ;; *) echo "unknown router $name" >&2; exit 2 ;; esac
if [ "$name" = nexus ] && [ -f "$run/nexus-auth.pid" ]; then
  stop_pid "$(cat "$run/nexus-auth.pid")" nexus-auth >/dev/null
  rm -f "$run/nexus-auth.pid"
fi
pidfile="$run/$name.pid"
[ -f "$pidfile" ] || exit 0
pid="$(cat "$pidfile")"
rm -f "$pidfile"
stop_pid "$pid" "$name"
