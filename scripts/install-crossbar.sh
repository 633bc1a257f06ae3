#!/usr/bin/env bash
# Installs Crossbar.io (PyPI `crossbar`, pinned) into a Python venv outside the repo, once.
# Skipped when the venv already has the pinned version. A failed install exits non-zero with
# pip's own output. Prints the elapsed seconds.
set -euo pipefail
CROSSBAR_VERSION=26.10.1
# Bump CONSTRAINTS_REV when scripts/crossbar-constraints.txt changes, so an old venv is rebuilt.
CONSTRAINTS_REV=1
cache="${WAMPKIT_CACHE:-$HOME/.cache/wampkit}"
venv="$cache/crossbar-venv"
here="$(cd "$(dirname "$0")" && pwd)"
t0=$SECONDS
stamp="$venv/.wampkit-install"
if [ -x "$venv/bin/crossbar" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$CROSSBAR_VERSION/$CONSTRAINTS_REV" ]; then
  echo "crossbar: $CROSSBAR_VERSION already installed in $venv"
  exit 0
fi
mkdir -p "$cache"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
constraints=()
[ -f "$here/crossbar-constraints.txt" ] && constraints=(-c "$here/crossbar-constraints.txt")
if ! "$venv/bin/python" -m pip install --quiet "${constraints[@]}" "crossbar==$CROSSBAR_VERSION"; then
  echo "crossbar: pip install crossbar==$CROSSBAR_VERSION failed (see pip's output above)" >&2
  rm -rf "$venv"
  exit 1
fi
"$venv/bin/crossbar" version >/dev/null 2>&1 || { echo "crossbar: installed, but 'crossbar version' fails:" >&2; "$venv/bin/crossbar" version >&2 || true; exit 1; }
echo "$CROSSBAR_VERSION/$CONSTRAINTS_REV" > "$stamp"
echo "crossbar: installed $CROSSBAR_VERSION in $venv in $((SECONDS - t0)) s"
