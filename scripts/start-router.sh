#!/usr/bin/env bash
# Starts a real router on loopback for the interop suite, in the background:
#   scripts/start-router.sh crossbar|nexus|autobahn-v1
# Waits (bounded) until its WebSocket and RawSocket ports accept connections, printing the
# router's log tail if it does not come up. Its pid and log live in $WAMPKIT_RUN (default
# ${TMPDIR:-/tmp}/wampkit-routers). Restarts a router of the same name that is still running.
# Each router runs in its own session (setsid), so scripts/stop-router.sh can end its whole
# process group (Crossbar's controller and its router worker) by the pid it wrote.
set -euo pipefail
name="${1:?usage: start-router.sh crossbar|nexus|autobahn-v1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${WAMPKIT_CACHE:-$HOME/.cache/wampkit}"
run="${WAMPKIT_RUN:-${TMPDIR:-/tmp}/wampkit-routers}"
mkdir -p "$run"
bash "$root/scripts/stop-router.sh" "$name" >/dev/null 2>&1 || true
log="$run/$name.log"
case "$name" in crossbar) busy=(18080 18081 18082) ;; nexus) busy=(18180 18181 18182) ;; autobahn-v1) busy=(18280) ;; *) busy=() ;; esac
for port in "${busy[@]}"; do
  for _ in $(seq 1 25); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break; sleep 0.2; done
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "$name: 127.0.0.1:$port is already in use by a process this script did not start (pid file in $run)" >&2
    exit 1
  fi
done
case "$name" in
  crossbar)
    ports=(18080 18081 18082)
    node="$run/crossbar-node"
    rm -rf "$node" && mkdir -p "$node"
    cp -r "$root/test/routers/crossbar/.crossbar" "$node/"
    [ -x "$cache/crossbar-venv/bin/crossbar" ] || { echo "crossbar is not installed: run scripts/install-crossbar.sh" >&2; exit 1; }
    # No telemetry or outbound connections: a plain router node on loopback (no fabric uplink).
    ( cd "$node" && exec setsid env -u CROSSBAR_FABRIC_URL -u CROSSBAR_FABRIC_SUPERUSER \
        "$cache/crossbar-venv/bin/crossbar" start --cbdir "$node/.crossbar" --loglevel warn ) >"$log" 2>&1 < /dev/null &
    ;;
  nexus)
    ports=(18180 18181 18182)
    [ -x "$cache/bin/nexusd" ] && [ -x "$cache/bin/nexus-auth" ] || { echo "nexus is not installed: run scripts/install-nexus.sh" >&2; exit 1; }
    # nexus-auth serves the test principals on 18182 (test/routers/nexus/auth).
    setsid "$cache/bin/nexus-auth" -ws 127.0.0.1:18182 -pubkey "$root/test/routers/keys/cryptouser.pub.hex" >"$run/nexus-auth.log" 2>&1 < /dev/null &
    echo "$!" > "$run/nexus-auth.pid"
    setsid "$cache/bin/nexusd" -c "$root/test/routers/nexus/nexus.json" >"$log" 2>&1 < /dev/null &
    ;;
  autobahn-v1)
    # The WAMP v1 server (Autobahn|Python 0.8.15, Python 2.7): test/routers/autobahn-v1/server.py.
    ports=(18280)
    v1="$cache/autobahn-v1"
    [ -x "$v1/python" ] && [ -f "$v1/installed.version" ] || { echo "autobahn-v1 is not installed: run scripts/install-autobahn-v1.sh" >&2; exit 1; }
    PYTHONPATH="$v1/lib" setsid "$v1/python" "$root/test/routers/autobahn-v1/server.py" 18280 >"$log" 2>&1 < /dev/null &
    ;;
  *) echo "unknown router $name" >&2; exit 2 ;;
esac
pid=$!
echo "$pid" > "$run/$name.pid"
deadline=$((SECONDS + 90))
for port in "${ports[@]}"; do
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" == Z* ]]; then
      echo "$name exited before listening on $port; log:" >&2; tail -40 "$log" >&2; exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "$name did not listen on 127.0.0.1:$port within 90 s; log:" >&2; tail -40 "$log" >&2; exit 1
    fi
    sleep 0.2
  done
done
echo "$name started (pid $pid, pid file $run/$name.pid), listening on 127.0.0.1 ports ${ports[*]}"
