#!/usr/bin/env bash
# Installs the WAMP v1 reference server of the interop suite, once: Autobahn|Python 0.8.15
# (`autobahn.wamp1`) with Twisted 20.3.0 under Python 2.7.18 (pyenv), by `pip install --target`
# into a cache outside the repo. Skipped when the pinned install is present.
# Why Python 2.7: under Python 3.11 that autobahn sends frames with RSV1 set, which `ws` refuses.
# Why the empty zope/__init__.py: a `--target` install leaves `zope` without one, and
# `import zope.interface` then fails under Python 2.
set -euo pipefail
PINS=("autobahn==0.8.15" "Twisted==20.3.0" "zope.interface<5.5")
cache="${WAMPKIT_CACHE:-$HOME/.cache/wampkit}"
dir="$cache/autobahn-v1"
stamp="$dir/installed.version"
want="${PINS[*]}"
t0=$SECONDS
py="${WAMPKIT_PY27:-}"
if [ -z "$py" ]; then
  if command -v pyenv >/dev/null && [ -x "$(pyenv root)/versions/2.7.18/bin/python" ]; then py="$(pyenv root)/versions/2.7.18/bin/python"
  elif [ -x "$HOME/.pyenv/versions/2.7.18/bin/python" ]; then py="$HOME/.pyenv/versions/2.7.18/bin/python"
  else echo "autobahn-v1: Python 2.7.18 not found (pyenv install 2.7.18, or set WAMPKIT_PY27)" >&2; exit 1
  fi
fi
if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && [ -f "$dir/lib/zope/__init__.py" ]; then
  echo "autobahn-v1: $want already installed in $dir"
  exit 0
fi
rm -rf "$dir" && mkdir -p "$dir"
"$py" -m pip install --disable-pip-version-check --no-warn-script-location --target "$dir/lib" "${PINS[@]}" >"$dir/pip.log" 2>&1 \
  || { tail -30 "$dir/pip.log" >&2; echo "autobahn-v1: pip install failed (log: $dir/pip.log)" >&2; exit 1; }
touch "$dir/lib/zope/__init__.py"
ln -sf "$py" "$dir/python"
PYTHONPATH="$dir/lib" "$dir/python" -c 'import autobahn.wamp1.protocol, twisted' \
  || { echo "autobahn-v1: the installed packages do not import" >&2; exit 1; }
echo "$want" > "$stamp"
echo "autobahn-v1: installed $want into $dir in $((SECONDS - t0)) s"
