#!/usr/bin/env bash
# npm run test:interop: installs the real routers (idempotent), then runs the conformance suite
# (embedded, Crossbar.io, Nexus × WebSocket/RawSocket × JSON/MessagePack/CBOR) and the peer
# interop with Autobahn|JS and wampy.js. Results: test-results/interop.json, which
# `npm run interop:table` turns into the README's router × feature table.
# A router that fails to install fails this script with the installer's own error.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
if [ -z "${WAMPKIT_ROUTERS:-}" ] || [[ "$WAMPKIT_ROUTERS" == *crossbar* ]]; then bash scripts/install-crossbar.sh; fi
if [ -z "${WAMPKIT_ROUTERS:-}" ] || [[ "$WAMPKIT_ROUTERS" == *nexus* ]]; then bash scripts/install-nexus.sh; fi
if [ -z "${WAMPKIT_ROUTERS:-}" ] || [[ "$WAMPKIT_ROUTERS" == *autobahn-v1* ]]; then bash scripts/install-autobahn-v1.sh; fi
echo "interop: routers ready after $((SECONDS - t0)) s"
mkdir -p test-results
t1=$SECONDS
status=0
npx vitest run --project interop --reporter=default --reporter=json --outputFile.json=test-results/interop.json "$@" || status=$?
echo "interop: suite took $((SECONDS - t1)) s"
exit $status
