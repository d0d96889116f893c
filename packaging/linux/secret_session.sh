#!/bin/sh
# Run a command the way it runs in a desktop session that has a Secret Service:
# a private D-Bus session bus with an unlocked gnome-keyring, HOME and XDG_RUNTIME_DIR in a
# throw-away folder. Both daemons end with the command: the keyring daemon runs in the
# foreground as our child (stopped and reaped here), dbus-run-session stops the bus.
#   packaging/linux/secret_session.sh agent-softphone --selftest
# Needs dbus (dbus-run-session, dbus-send) and gnome-keyring. Exit status = the command's.
set -eu
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "secret_session: $tool missing (apt-get install dbus gnome-keyring)" >&2; exit 127; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/secret-session.XXXXXX")
mkdir -p "$tmp/home" "$tmp/run"
chmod 700 "$tmp/run"
status=0
HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/run dbus-run-session -- sh -c '
  printf %s "session-password" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  keyring=$!
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
    tries=$((tries + 1))
    if [ $tries -gt 200 ] || ! kill -0 $keyring 2>/dev/null; then
      echo "secret_session: gnome-keyring-daemon did not come up" >&2; kill $keyring 2>/dev/null; exit 125
    fi
    sleep 0.05
  done
  code=0
  "$@" || code=$?
  kill $keyring 2>/dev/null || true
  wait $keyring 2>/dev/null || true
  exit $code' secret-session "$@" || status=$?
rm -rf "$tmp"
exit $status
