#!/usr/bin/env bash
# Builds bench/peer (the benchmark's neutral Go peer on the nexus client library) into the cache,
# once per source change. Prints the binary's path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${WAMPKIT_CACHE:-$HOME/.cache/wampkit}"
bin="$cache/bin/bench-peer"
src="$root/bench/peer"
sum="$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)"
if [ -x "$bin" ] && [ "$(cat "$bin.version" 2>/dev/null)" = "$sum" ]; then echo "$bin"; exit 0; fi
command -v go >/dev/null || { echo "bench-peer: go is not installed" >&2; exit 1; }
mkdir -p "$(dirname "$bin")"
( cd "$src" && GOFLAGS=-buildvcs=false go build -o "$bin" . ) >&2
echo "$sum" > "$bin.version"
echo "$bin"
