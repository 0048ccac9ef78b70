#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service),
# so keytar talks to a real keychain without touching the user's own. Where a session bus already
# exists, or dbus-run-session / gnome-keyring-daemon are missing, the command runs as it is
# (keychain tests then skip with a printed reason).
# SBO_KEYRING_DIR keeps the keyring files in that folder across runs (npm start on a headless
# machine); otherwise they live in a temporary folder removed at exit.
set -eu
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec "$@"
fi
if [ -n "${SBO_KEYRING_DIR:-}" ]; then
  KR_HOME="$SBO_KEYRING_DIR"; mkdir -p "$KR_HOME"
else
  KR_HOME=$(mktemp -d); trap 'rm -rf "$KR_HOME"' EXIT
fi
export KR_HOME
dbus-run-session -- sh -c '
  export XDG_DATA_HOME="$KR_HOME/data" XDG_CONFIG_HOME="$KR_HOME/config" XDG_RUNTIME_DIR="$KR_HOME/run"
  mkdir -p "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" && chmod 700 "$XDG_RUNTIME_DIR"
  printf %s "${SBO_KEYRING_PASSWORD:-sbo-local-keyring}" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  export SBO_KEYRING=private
  exec "$@"' sh "$@"
