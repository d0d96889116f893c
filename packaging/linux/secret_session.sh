#!/bin/sh
# Run a command the way it runs in a desktop session that has a Secret Service:
# a private D-Bus session bus with an unlocked gnome-keyring, HOME and XDG_RUNTIME_DIR in a
# throw-away folder. Both daemons end with the command (dbus-run-session stops the bus).
#   packaging/linux/secret_session.sh agent-softphone --selftest
# Needs dbus (dbus-run-session) and gnome-keyring. Exit status = the command's.
set -eu
command -v dbus-run-session >/dev/null || { echo "secret_session: dbus-run-session missing (apt-get install dbus)" >&2; exit 127; }
command -v gnome-keyring-daemon >/dev/null || { echo "secret_session: gnome-keyring-daemon missing (apt-get install gnome-keyring)" >&2; exit 127; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/secret-session.XXXXXX")
mkdir -p "$tmp/home" "$tmp/run"
chmod 700 "$tmp/run"
status=0
HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/run dbus-run-session -- sh -c \
  'printf %s "session-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' \
  secret-session "$@" || status=$?
rm -rf "$tmp"
exit $status
