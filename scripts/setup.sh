#!/usr/bin/env bash
# One command to set up a machine for development and tests:
#  1. the system packages the tests need (Debian/Ubuntu, when run as root or with sudo):
#     chromium (browser tests), dbus + gnome-keyring (a real Secret Service for keytar),
#     libsecret-1-dev (keytar's build), xvfb (headed runs);
#  2. npm ci (brings Node 22 from the npm registry; see README "Native modules").
set -euo pipefail
PKGS="chromium dbus gnome-keyring libsecret-1-dev xvfb xauth"
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
  for p in $PKGS; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"; done
fi
if [ -n "$missing" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
    if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
      echo "setup: installing system packages:$missing"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
    else
      echo "setup: please install these packages (no root here):$missing" >&2
    fi
  else
    echo "setup: not a Debian-like system; install the equivalents of:$missing" >&2
  fi
fi
npm ci
