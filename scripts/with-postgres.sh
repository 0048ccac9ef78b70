#!/bin/sh
# Runs a command with a throwaway PostgreSQL server for the team-mode tests and bench: a fresh
# cluster in a temporary folder (Debian's postgresql package, any version), on a free port of
# 127.0.0.1, trust authentication for the local test user only, removed at exit. The command gets
# SBO_TEST_PG_URL (a superuser URL; tests create and drop their own databases).
#
# When SBO_TEST_PG_URL is already set (a server of your own), the command runs as it is. When no
# PostgreSQL is installed, the command runs without it and the team tests fail with what to install
# (`npm test` installs it first through scripts/ensure.mjs).
set -eu
if [ -n "${SBO_TEST_PG_URL:-}" ]; then exec "$@"; fi
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then exec "$@"; fi
DIR=$(mktemp -d /tmp/sbo-pg.XXXXXX)
chmod 755 "$DIR"
# initdb refuses to run as root: as root, the cluster belongs to the postgres user.
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; AS="runuser -u postgres --"; else AS=""; fi
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
stop() { $AS "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap stop EXIT INT TERM
$AS "$BIN/initdb" -D "$DIR/data" -U sbo --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
# fsync off: a test cluster that dies with the run needs no durability, and it halves the time.
$AS "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$DIR/server.log" >&2; exit 1; }
export SBO_TEST_PG_URL="postgres://sbo@127.0.0.1:$PORT/postgres"
export PATH="$BIN:$PATH"
"$@"
