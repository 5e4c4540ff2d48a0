#!/usr/bin/env bash
# Live notice on SQLite: an UPDATE by the sqlite3 shell (a foreign writer that leaves updated_at alone)
# shows in the open editor within 2 s; an untouched form simply takes the new row.
source "$(dirname "$0")/lib/editor-lib.sh"

start_editor alice alice
wait_claimed alice alice

sqlite3 "${E2E_DB#sqlite:}" "UPDATE records SET title = 'Changed by the shell' WHERE id = 1" || fail "sqlite3 update failed"
wait_for alice "Changed by the shell" 2
wait_for_re alice "another program" 2

# With edits pending, the next foreign change is announced and Ctrl-R merges it.
keys alice Down Down Down End C-u
type_text alice "8"
sqlite3 "${E2E_DB#sqlite:}" "UPDATE records SET due = '2030-01-01' WHERE id = 1" || fail "sqlite3 update failed"
wait_for alice "Ctrl-R to merge" 2
keys alice C-r
wait_for alice "2030-01-01"
keys alice C-s
wait_for alice "Saved"
expect_eq "due from the shell" "$(field 1 due)" "2030-01-01"
expect_eq "priority from alice" "$(field 1 priority)" "8"
keys alice C-q
wait_exit alice 0
pass
