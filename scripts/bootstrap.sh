#!/usr/bin/env bash
# Make this machine ready to run, test and demo the softphone. Idempotent and quick when
# already done. As root: apt-get installs the Debian packages the tests need. Not root:
# prints exactly which packages are missing and goes on with what can run.
# Then: a .venv with the project installed in editable mode with its extras.
# Usage: scripts/bootstrap.sh [--no-apt] [--extras server,dev,packaging]
set -euo pipefail
cd "$(dirname "$0")/.."

EXTRAS=server,dev,packaging
APT=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-apt) APT=0 ;;
    --extras) EXTRAS=$2; shift ;;
    *) echo "bootstrap: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# Debian packages; "a|b" = either name (Debian 13 renamed some libraries for 64-bit time_t).
DEB_PACKAGES=(
  kamailio kamailio-extra-modules kamailio-utils-modules kamailio-tls-modules
  baresip-core sip-tester
  pulseaudio pulseaudio-utils libportaudio2 libasound2-plugins sox espeak-ng
  xvfb imagemagick x11-apps xauth dbus
  libegl1 libgl1 libfontconfig1 "libglib2.0-0|libglib2.0-0t64" libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 fonts-dejavu-core
  postgresql openssl iproute2 procps
  debootstrap gnome-keyring desktop-file-utils python3-yaml binutils
)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for entry in "${DEB_PACKAGES[@]}"; do
  IFS='|' read -r -a alternatives <<<"$entry"
  ok=0
  for name in "${alternatives[@]}"; do installed "$name" && { ok=1; break; }; done
  [ $ok = 1 ] || missing+=("$entry")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$APT" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bootstrap: installing ${#missing[@]} Debian package(s): ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    to_install=()
    for entry in "${missing[@]}"; do
      IFS='|' read -r -a alternatives <<<"$entry"
      pick=""
      for name in "${alternatives[@]}"; do
        if apt-cache policy "$name" 2>/dev/null | grep -q 'Candidate: [0-9]'; then pick=$name; break; fi
      done
      if [ -n "$pick" ]; then to_install+=("$pick"); else echo "bootstrap: no candidate for $entry" >&2; fi
    done
    # keep package scripts from starting services (kamailio, postgresql): the tests start their own
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
    fi
    apt-get install -y -qq --no-install-recommends "${to_install[@]}" >/tmp/softphone-apt.log 2>&1 \
      || { tail -30 /tmp/softphone-apt.log >&2; [ $created_policy = 1 ] && rm -f /usr/sbin/policy-rc.d; exit 1; }
    [ $created_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  else
    echo "bootstrap: these Debian packages are missing (tests that need them will fail):" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]//|/ or }" >&2
  fi
fi

# Python 3.11 or 3.12 (the pjsua2 wheels stop at 3.12)
PY=""
for candidate in "${PYTHON:-}" python3.12 python3.11 python3; do
  [ -n "$candidate" ] || continue
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(not ((3,11) <= sys.version_info[:2] <= (3,12)))' 2>/dev/null; then
    PY=$candidate; break
  fi
done
if [ -z "$PY" ]; then
  echo "bootstrap: need Python 3.11 or 3.12 (pjsua2-python has no wheels for newer ones); set PYTHON=/path/to/python3.12" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(not ((3,11) <= sys.version_info[:2] <= (3,12)))'; then
  rm -rf .venv
  "$PY" -m venv .venv
fi
stamp=.venv/.bootstrap-stamp
want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1) $EXTRAS"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! .venv/bin/python -c 'import softphone, pjsua2' 2>/dev/null; then
  echo "bootstrap: installing Python packages into .venv"
  log=.venv/bootstrap-pip.log
  { .venv/bin/python -m pip install -q --disable-pip-version-check -U pip &&
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[$EXTRAS]"; } >"$log" 2>&1 \
    || { grep -v '^WARNING: Location' "$log" | tail -30 >&2; echo "bootstrap: pip install failed (full log: $log)" >&2; exit 1; }
  .venv/bin/python -c 'import softphone, pjsua2, PySide6, sqlalchemy' || { echo "bootstrap: Python install failed" >&2; exit 1; }
  echo "$want" >"$stamp"
fi
