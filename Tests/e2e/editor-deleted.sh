#!/usr/bin/env bash
# A row deleted by someone else while alice edits it: the editor says so and offers to re-create it from
# her edits; nothing is dropped silently.
source "$(dirname "$0")/lib/editor-lib.sh"

start_editor alice alice
wait_claimed alice alice
keys alice End C-u
type_text alice "Still needed"
wait_for alice "Still needed"

sqlite3 "${E2E_DB#sqlite:}" "DELETE FROM records WHERE id = 1" || fail "sqlite3 delete failed"
keys alice C-s
wait_for alice "deleted"
keys alice r
wait_for alice "Re-created"
expect_eq "title of the re-created row" "$(field 1 title)" "Still needed"
expect_eq "its body came back too" "$(field 1 body | head -1)" "Collect the numbers from finance."
rec history 1 --json | jq -e 'any(.[]; .operation == "delete")' >/dev/null || fail "history lacks the deleted version"
keys alice C-q
wait_exit alice 0
pass
