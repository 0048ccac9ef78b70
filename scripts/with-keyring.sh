#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service),
# so keytar talks to a real keychain without touching the user's own. Where a session bus already
# exists, or dbus-run-session / gnome-keyring-daemon are missing, the command runs as it is
# (keychain tests then skip with a printed reason).
#
# SBO_KEYRING_DIR keeps the keyring files in that folder across runs (npm start on a headless
# machine); otherwise they live in a temporary folder removed at exit (tests, CI).
#
# Unlock password: SBO_KEYRING_PASSWORD when set; otherwise a random one. A persistent keyring's
# password is made once per folder (32 random bytes, hex) and kept in SBO_KEYRING_DIR/password,
# readable by this user only (folder 0700, file 0600); a temporary keyring gets a fresh one per run.
# There is no built-in default password.
set -eu
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec "$@"
fi
umask 077
random_password() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }
if [ -n "${SBO_KEYRING_DIR:-}" ]; then
  KR_HOME="$SBO_KEYRING_DIR"; mkdir -p "$KR_HOME"; chmod 700 "$KR_HOME"
  PW_FILE="$KR_HOME/password"
  if [ -z "${SBO_KEYRING_PASSWORD:-}" ]; then
    if [ ! -s "$PW_FILE" ]; then
      if [ -e "$KR_HOME/data/keyrings/login.keyring" ]; then
        # A keyring made by an older version, unlocked with the then-published default password.
        echo "Keychain: $KR_HOME holds a keyring from an older version whose password was a published default." >&2
        echo "Keychain: it was moved to $KR_HOME/data/keyrings.old; re-enter the stores' LWA client secret and refresh token (Setup > Stores > Edit)." >&2
        mv "$KR_HOME/data/keyrings" "$KR_HOME/data/keyrings.old.$(date +%Y%m%d%H%M%S)"
      fi
      # noclobber: two starts at once never write two different passwords.
      ( set -C; random_password > "$PW_FILE" ) 2>/dev/null || true
    fi
    chmod 600 "$PW_FILE"
    SBO_KEYRING_PASSWORD=$(cat "$PW_FILE")
  fi
else
  KR_HOME=$(mktemp -d); trap 'rm -rf "$KR_HOME"' EXIT
  SBO_KEYRING_PASSWORD=${SBO_KEYRING_PASSWORD:-$(random_password)}
fi
export KR_HOME SBO_KEYRING_PASSWORD
# The XDG folders point into KR_HOME for gnome-keyring-daemon only; the command keeps the user's
# own (the app's database lives in XDG_CONFIG_HOME), and never sees the password.
dbus-run-session -- sh -c '
  mkdir -p "$KR_HOME/run" "$KR_HOME/data" && chmod 700 "$KR_HOME/run"
  printf %s "$SBO_KEYRING_PASSWORD" | XDG_DATA_HOME="$KR_HOME/data" XDG_CONFIG_HOME="$KR_HOME/config" XDG_RUNTIME_DIR="$KR_HOME/run" \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null
  unset SBO_KEYRING_PASSWORD
  export SBO_KEYRING=private
  exec "$@"' sh "$@"
