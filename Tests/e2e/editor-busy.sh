#!/usr/bin/env bash
# Another program holds SQLite's write lock (`BEGIN IMMEDIATE` in the sqlite3 shell; with E2E_PG=1, psql
# holds `LOCK TABLE records IN EXCLUSIVE MODE`). The editor stays responsive: typed characters show within a
# second while a heartbeat waits for the lock, Ctrl-S says "saving... (database busy)" at once; a save that
# outlasts busyTimeoutMs / lockTimeoutMs keeps the edits and says so (Ctrl-S tries again); a save that waits
# less lands when the lock goes.
source "$(dirname "$0")/lib/editor-lib.sh"

mkdir -p "$XDG_CONFIG_HOME/recedit"
# A heartbeat every second, so that one is always waiting for the lock while we type.
echo '{"heartbeatSeconds": 1, "busyTimeoutMs": 4000, "lockTimeoutMs": 4000}' >"$XDG_CONFIG_HOME/recedit/config.json"

# hold_lock SECONDS: another program holds the write lock that long (in the background); returns once it is held.
LOCK_PID=""
if [ "${E2E_PG:-0}" = 1 ]; then
    hold_lock() {
        psql "$E2E_DB" -qAt -v ON_ERROR_STOP=1 -c "BEGIN; LOCK TABLE records IN EXCLUSIVE MODE; SELECT pg_sleep($1); COMMIT" >/dev/null &
        LOCK_PID=$!
        locked() {
            [ "$(psql_e2e "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                           WHERE c.relname = 'records' AND l.mode = 'ExclusiveLock' AND l.granted")" -gt 0 ]
        }
        wait_until "$E2E_TIMEOUT" "psql to hold the table lock" locked
    }
else
    command -v sqlite3 >/dev/null || { echo "sqlite3 is not installed" >&2; exit 2; }
    DB_FILE="${E2E_DB#sqlite:}"
    hold_lock() {
        # The editor writes its heartbeat every second: the holder waits its turn for the lock (.timeout) rather
        # than failing when its BEGIN meets one of those writes.
        (echo 'BEGIN IMMEDIATE;'; sleep "$1"; echo 'COMMIT;') | sqlite3 -cmd '.timeout 10000' "$DB_FILE" &
        LOCK_PID=$!
        locked() { ! sqlite3 -cmd '.timeout 0' "$DB_FILE" 'BEGIN IMMEDIATE; ROLLBACK;' 2>/dev/null; }
        wait_until "$E2E_TIMEOUT" "sqlite3 to hold the write lock" locked
    }
fi

# ms_until SESSION TEXT: milliseconds until the screen shows TEXT (fails after 5 s).
ms_until() {
    local start now
    start=$(date +%s%N)
    wait_for "$1" "$2" 5
    now=$(date +%s%N)
    echo $(((now - start) / 1000000))
}

start_editor alice alice
wait_claimed alice alice

# 1. The lock outlasts the busy timeout: typing stays live, the save waits visibly, then gives up
#    keeping the edits.
hold_lock 12
sleep 1.5   # a heartbeat is now waiting for the lock
keys alice End
type_text alice "xyz"
ms="$(ms_until alice "xyz")"
[ "$ms" -le 1000 ] || fail "typed characters took ${ms} ms to show while the database was locked"
keys alice C-s
wait_for_re alice "[Ss]aving.*busy" 2
type_text alice "Q"
wait_for alice "xyzQ" 1
wait_for_re alice "busy.*not saved.*Ctrl-S" 12
screen alice | grep -qF "xyzQ" || fail "the edits are gone from the form after the timeout"
screen alice | grep -qF "[modified]" || fail "the form no longer says [modified] after the timeout"
wait "$LOCK_PID"
case "$(field 1 title)" in *xyzQ*) fail "the timed-out save was written" ;; esac

# The lock is gone: Ctrl-S saves what was kept.
keys alice C-s
wait_for alice "Saved" 5
case "$(field 1 title)" in *xyzQ) ;; *) fail "title after the retry: '$(field 1 title)'" ;; esac

# 2. The lock goes before the busy timeout: the waiting save lands.
hold_lock 3
keys alice BSpace
keys alice C-s
wait_for_re alice "[Ss]aving.*busy" 2
wait_for alice "Saved" 8
case "$(field 1 title)" in *xyz) ;; *) fail "title after the waiting save: '$(field 1 title)'" ;; esac
wait "$LOCK_PID"

keys alice C-q
wait_exit alice 0
pass
