#!/usr/bin/env bash
# Cache invalidation with a real Redis (issue 14). An application cache holds records:2 -> row 2 as JSON.
# 1. A save from the recedit editor (tmux) deletes the key through hooks.afterSave.
# 2. An UPDATE from the database shell (sqlite3; psql with E2E_PG=1; mariadb with E2E_MARIADB=1) deletes it through `recedit watch --exec`.
# After each, the cache is empty or holds the new row, never the old one.
source "$(dirname "$0")/lib/editor-lib.sh"
source "$(dirname "$0")/lib/redis-lib.sh"

key="records:$$:2"
row_json() { rec show 2 --json | jq -c .fields; }
cache_row() { rcli SET "$key" "$(row_json)" >/dev/null; }
# The cache never holds a row other than the current one: empty, or exactly the row now.
cache_ok() { local v; v="$(rcli GET "$key")"; [ -z "$v" ] || [ "$v" = "$(row_json)" ]; }
shell_update() {
    if [ "${E2E_PG:-0}" = 1 ]; then psql_e2e "$1" >/dev/null
    elif [ "${E2E_MARIADB:-0}" = 1 ]; then mariadb_e2e "$1" >/dev/null
    else sqlite3 -cmd ".timeout 5000" "${E2E_DB#sqlite:}" "$1"; fi
}

cat >"$E2E_TMP/hooks.json" <<JSON
{"hooks": {"afterSave": ["sh", "-c", "redis-cli -p $REDIS_PORT DEL \"records:$$:\$RECEDIT_KEY\""], "timeoutSeconds": 5}}
JSON

# 1. The editor's save, through hooks.afterSave.
cache_row
old="$(rcli GET "$key")"
cmd="$(printf '%q' "$RECEDIT_BIN") --db $(printf '%q' "$E2E_DB") --config $(printf '%q' "$E2E_TMP/hooks.json") --user alice open 2; exec sleep 3600"
tm new-session -d -s alice -x 100 -y 30 "$cmd" || fail "cannot start tmux"
wait_for alice "id=2"
keys alice End
type_text alice " (edited in recedit)"
keys alice C-s
wait_for alice "Saved"
wait_until 10 "the hook deleted $key" test "$(rcli EXISTS "$key")" = 0
cache_ok || fail "after the editor's save the cache holds $(rcli GET "$key")"
[ "$(rcli GET "$key")" != "$old" ] || fail "the old row is still cached"
screen alice | grep -q "hook" && fail "no hook failure expected: $(screen alice | tail -3)"
keys alice C-q
pass "editor save -> hooks.afterSave -> DEL"

# A failing hook is reported in the status line; the save stands.
cat >"$E2E_TMP/bad.json" <<JSON
{"hooks": {"afterSave": ["sh", "-c", "exit 7"]}}
JSON
cmd="$(printf '%q' "$RECEDIT_BIN") --db $(printf '%q' "$E2E_DB") --config $(printf '%q' "$E2E_TMP/bad.json") --user bob open 2; exec sleep 3600"
tm new-session -d -s bob -x 100 -y 30 "$cmd" || fail "cannot start tmux"
wait_for bob "id=2"
keys bob End
type_text bob " (bob)"
keys bob C-s
wait_for bob "after-save hook: 'sh' exited with status 7"
expect_eq "bob's save stands" "$(field 2 title | grep -c '(bob)')" "1"
keys bob C-q
pass "a failing hook is shown, the save stands"

# 2. A shell UPDATE, through `recedit watch --exec`.
wait_deleted() {
    local deadline=$((SECONDS + 10))
    until [ "$(rcli EXISTS "$key")" = 0 ]; do
        [ "$SECONDS" -ge "$deadline" ] && fail "timed out waiting for $1; watch printed: $(cat "$E2E_TMP/watch.out" "$E2E_TMP/watch.err")"
        sleep 0.1
    done
}
cache_row
old="$(rcli GET "$key")"
"$RECEDIT_BIN" --db "$E2E_DB" watch --exec sh -c "redis-cli -p $REDIS_PORT DEL \"records:$$:\$RECEDIT_KEY\" >/dev/null" \
    >"$E2E_TMP/watch.out" 2>"$E2E_TMP/watch.err" &
watcher=$!
wait_until 10 "the watcher to start" grep -q "watching table" "$E2E_TMP/watch.err"
shell_update "UPDATE records SET status = 'done' WHERE id = 2"
wait_deleted "the watcher deleted $key"
cache_ok || fail "after the shell's UPDATE the cache holds $(rcli GET "$key")"
grep -q "update records 2 \[status\]" "$E2E_TMP/watch.out" || fail "the watcher printed: $(cat "$E2E_TMP/watch.out")"
# Read-through: the application caches the new row; the next write invalidates it again.
cache_row
shell_update "UPDATE records SET priority = 5 WHERE id = 2"
wait_deleted "the watcher deleted $key again"
cache_ok || fail "the cache holds $(rcli GET "$key")"
kill -TERM "$watcher"
wait "$watcher"
expect_eq "watch exit status on SIGTERM" "$?" "0"
rcli DEL "$key" >/dev/null
pass "shell UPDATE -> watch --exec -> DEL"
