#!/usr/bin/env bash
# Builds the Nexus router (`nexusd` from Go module github.com/gammazero/nexus/v3, pinned) with
# `go install` into a cache outside the repo, once. Skipped when the pinned build is present.
set -euo pipefail
NEXUS_VERSION=v3.3.0
cache="${WAMPKIT_CACHE:-$HOME/.cache/wampkit}"
bin="$cache/bin"
stamp="$bin/nexusd.version"
t0=$SECONDS
if [ -x "$bin/nexusd" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$NEXUS_VERSION" ]; then
  echo "nexus: nexusd $NEXUS_VERSION already built in $bin"
  exit 0
fi
command -v go >/dev/null || { echo "nexus: go is not installed" >&2; exit 1; }
mkdir -p "$bin"
# `go install pkg@version` also asks the module proxy for the module's version list (to check
# for deprecation), which the proxy reachable here refuses for nexus/v3 (403). So pin the
# version in a throwaway module and `go install` from there: the same build, the same binary.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  go mod init wampkit.local/nexusd-build >/dev/null 2>&1
  go get "github.com/gammazero/nexus/v3/nexusd@$NEXUS_VERSION"
  GOBIN="$bin" GOFLAGS=-buildvcs=false go install github.com/gammazero/nexus/v3/nexusd
) || { echo "nexus: building nexusd $NEXUS_VERSION failed (see above)" >&2; exit 1; }
echo "$NEXUS_VERSION" > "$stamp"
echo "nexus: built nexusd $NEXUS_VERSION into $bin in $((SECONDS - t0)) s"
