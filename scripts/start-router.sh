#!/usr/bin/env bash
# Starts a real router on loopback for the interop suite, in the background:
#   scripts/start-router.sh crossbar|nexus
# Waits (bounded) until its WebSocket and RawSocket ports accept connections, printing the
# router's log tail if it does not come up. Its pid and log live in $WAMPKIT_RUN (default
# ${TMPDIR:-/tmp}/wampkit-routers). Restarts a router of the same name that is still running.
set -euo pipefail
name="${1:?usage: start-router.sh crossbar|nexus}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${WAMPKIT_CACHE:-$HOME/.cache/wampkit}"
run="${WAMPKIT_RUN:-${TMPDIR:-/tmp}/wampkit-routers}"
mkdir -p "$run"
bash "$root/scripts/stop-router.sh" "$name" >/dev/null 2>&1 || true
log="$run/$name.log"
case "$name" in
  crossbar)
    ports=(18080 18081 18082)
    node="$run/crossbar-node"
    rm -rf "$node" && mkdir -p "$node"
    cp -r "$root/test/routers/crossbar/.crossbar" "$node/"
    # No telemetry or outbound connections: a plain router node on loopback.
    ( cd "$node" && exec env -u CROSSBAR_FABRIC_URL "$cache/crossbar-venv/bin/crossbar" start --cbdir "$node/.crossbar" --loglevel warn ) >"$log" 2>&1 &
    ;;
  nexus)
    ports=(18180 18181 18182)
    # nexus-auth serves the test principals on 18182 (test/routers/nexus/auth).
    "$cache/bin/nexus-auth" -ws 127.0.0.1:18182 -pubkey "$root/test/routers/keys/cryptouser.pub.hex" >"$run/nexus-auth.log" 2>&1 &
    echo "$!" > "$run/nexus-auth.pid"
    "$cache/bin/nexusd" -c "$root/test/routers/nexus/nexus.json" >"$log" 2>&1 &
    ;;
  *) echo "unknown router $name" >&2; exit 2 ;;
esac
pid=$!
echo "$pid" > "$run/$name.pid"
deadline=$((SECONDS + 90))
for port in "${ports[@]}"; do
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited before listening on $port; log:" >&2; tail -40 "$log" >&2; exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "$name did not listen on 127.0.0.1:$port within 90 s; log:" >&2; tail -40 "$log" >&2; exit 1
    fi
    sleep 0.2
  done
done
echo "$name started (pid $pid), listening on ${ports[*]}"
