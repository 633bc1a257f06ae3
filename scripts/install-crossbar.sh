#!/usr/bin/env bash
# Installs Crossbar.io (PyPI `crossbar`, pinned) into a Python venv outside the repo, once:
#   ${WAMPKIT_CACHE:-$HOME/.cache/wampkit}/crossbar-venv
# Every dependency is pinned by scripts/crossbar-constraints.txt (all wheels on CPython 3.11;
# WAMPKIT_PYTHON picks another interpreter than python3).
# Skipped when the venv already has the pinned version and constraints. A failed install exits
# non-zero with pip's own output. Prints the elapsed seconds. Cold: about 70 s.
set -euo pipefail
CROSSBAR_VERSION=26.10.1
PIP_VERSION=26.3
python="${WAMPKIT_PYTHON:-python3}"
cache="${WAMPKIT_CACHE:-$HOME/.cache/wampkit}"
venv="$cache/crossbar-venv"
here="$(cd "$(dirname "$0")" && pwd)"
t0=$SECONDS
stamp="$venv/.wampkit-install"
constraints=()
[ -f "$here/crossbar-constraints.txt" ] && constraints=(-c "$here/crossbar-constraints.txt")
# The stamp names the version and the constraints' hash: editing the constraints rebuilds the venv.
want="$CROSSBAR_VERSION/pip-$PIP_VERSION/$(cat "$here/crossbar-constraints.txt" 2>/dev/null | sha256sum | cut -c1-16)"
if [ -x "$venv/bin/crossbar" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "crossbar: $CROSSBAR_VERSION already installed in $venv"
  exit 0
fi
mkdir -p "$cache"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pip==$PIP_VERSION"
# pip's full output goes to a log; on failure its tail (the resolver's or the build's error) is shown.
piplog="$cache/crossbar-pip.log"
if ! "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off "${constraints[@]}" "crossbar==$CROSSBAR_VERSION" >"$piplog" 2>&1; then
  tail -n 60 "$piplog" >&2
  echo "crossbar: pip install crossbar==$CROSSBAR_VERSION failed (pip's output above; all of it in $piplog)" >&2
  rm -rf "$venv"
  exit 1
fi
"$venv/bin/crossbar" version >/dev/null 2>&1 || { echo "crossbar: installed, but 'crossbar version' fails:" >&2; "$venv/bin/crossbar" version >&2 || true; exit 1; }
echo "$want" > "$stamp"
echo "crossbar: installed $CROSSBAR_VERSION in $venv in $((SECONDS - t0)) s"
