#!/usr/bin/env bash
# Builds the Nexus router (`nexusd` from Go module github.com/gammazero/nexus/v3, pinned) with
# `go install` into a cache outside the repo, once. Skipped when the pinned build is present.
set -euo pipefail
NEXUS_VERSION=v3.3.0
cache="${WAMPKIT_CACHE:-$HOME/.cache/wampkit}"
bin="$cache/bin"
stamp="$bin/nexusd.version"
root="$(cd "$(dirname "$0")/.." && pwd)"
t0=$SECONDS
# nexus-auth: our own launcher (test/routers/nexus/auth) embedding the same nexus version with the
# test principals, which nexusd's JSON config cannot express. Rebuilt when its source changes.
auth_src="$root/test/routers/nexus/auth"
auth_sum="$(cat "$auth_src/main.go" "$auth_src/go.mod" "$auth_src/go.sum" | sha256sum | cut -c1-16)"
build_auth() {
  ( cd "$auth_src" && GOBIN="$bin" GOFLAGS=-buildvcs=false go install . ) || { echo "nexus: building nexus-auth failed (see above)" >&2; exit 1; }
  echo "$auth_sum" > "$bin/nexus-auth.version"
}
if [ -x "$bin/nexusd" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$NEXUS_VERSION" ]; then
  if [ -x "$bin/nexus-auth" ] && [ "$(cat "$bin/nexus-auth.version" 2>/dev/null)" = "$auth_sum" ]; then
    echo "nexus: nexusd $NEXUS_VERSION and nexus-auth already built in $bin"
  else
    build_auth
    echo "nexus: built nexus-auth into $bin in $((SECONDS - t0)) s"
  fi
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
build_auth
echo "nexus: built nexusd $NEXUS_VERSION and nexus-auth into $bin in $((SECONDS - t0)) s"
