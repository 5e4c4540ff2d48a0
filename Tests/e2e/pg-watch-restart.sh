#!/usr/bin/env bash
# `recedit watch` on PostgreSQL across a server crash and restart (issue 14): the watcher says it lost the server,
# reconnects, and goes on after the last change it printed: changes made while it was away and after are all
# printed, none twice. Uses a server of its own (scripts/pg-server), since it restarts it.
set -uo pipefail
: "${RECEDIT_BIN:?set RECEDIT_BIN to the built recedit binary}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
unset RECEDIT_TEST_PG RECEDIT_TEST_PG_DIR RECEDIT_TEST_PG_SOCKET   # this test restarts a server of its own
tmp="$(mktemp -d /tmp/recedit-e2e-watch-restart.XXXXXX)"
pg="$(mktemp -d /tmp/recedit-pg-watch.XXXXXX)"
watcher=""
cleanup() {
    [ -n "$watcher" ] && kill "$watcher" 2>/dev/null
    "$root/scripts/pg-server" stop "$pg" >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL [pg-watch-restart]: $*"; echo "--- watch stdout"; cat "$tmp/out"; echo "--- watch stderr"; cat "$tmp/err"; exit 1; }
eval "$("$root/scripts/pg-server" start "$pg")"; [ -n "${RECEDIT_TEST_PG_DIR:-}" ] || fail "cannot start PostgreSQL"
db="$RECEDIT_TEST_PG"
export HOME="$tmp" LANG=C.UTF-8
"$RECEDIT_BIN" --db "$db" init --demo >/dev/null || fail "init"
sql() { psql "$db" -qAt -v ON_ERROR_STOP=1 -c "$1" >/dev/null; }
lines() { grep -c . "$tmp/out"; }
wait_lines() {  # N
    local deadline=$((SECONDS + 30))
    until [ "$(lines)" -ge "$1" ]; do [ "$SECONDS" -lt "$deadline" ] || fail "waited for $1 lines"; sleep 0.1; done
}

"$RECEDIT_BIN" --db "$db" watch --json >"$tmp/out" 2>"$tmp/err" &
watcher=$!
for _ in $(seq 1 100); do grep -qs "watching table" "$tmp/err" && break; sleep 0.1; done
sql "UPDATE records SET title = 'before the crash' WHERE id = 1"
wait_lines 1
"$root/scripts/pg-server" restart "$pg" >/dev/null || fail "restart"
sql "UPDATE records SET title = 'after the restart' WHERE id = 2"
sql "DELETE FROM records WHERE id = 3"
wait_lines 3
# A longer outage: the server is down for WATCH_OUTAGE_SECONDS (default 3; past 5 the store gives up reconnecting and the watcher retries); the watcher keeps trying and goes on when it is back.
pg_ctl_() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl "$@"; else /usr/lib/postgresql/15/bin/pg_ctl "$@"; fi; }
pg_ctl_ -D "$pg/data" -m immediate -w stop >/dev/null || fail "stop"
sleep "${WATCH_OUTAGE_SECONDS:-3}"
pg_ctl_ -D "$pg/data" -l "$pg/server.log" -w -t 60 start >/dev/null || fail "start again"
sql "UPDATE records SET title = 'after the outage' WHERE id = 5"
wait_lines 4
sleep 1
[ "$(lines)" = 4 ] || fail "expected exactly 4 lines"
[ "$(jq -r '.key' "$tmp/out" | tr '\n' ' ')" = "1 2 3 5 " ] || fail "wrong changes"
seqs="$(jq -r .seq "$tmp/out")"
[ "$seqs" = "$(sort -n -u <<<"$seqs")" ] || fail "duplicates or out of order"
# (A short outage is bridged inside the store's reconnect backoff; a longer one is reported on stderr.)
kill -TERM "$watcher"; wait "$watcher"; rc=$?; watcher=""
[ "$rc" = 0 ] || fail "exit status $rc on SIGTERM"
echo "PASS [pg-watch-restart]: resumed after a server restart, every change once"
