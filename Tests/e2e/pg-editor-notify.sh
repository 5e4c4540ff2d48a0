#!/usr/bin/env bash
# On PostgreSQL the live notice arrives through LISTEN/NOTIFY: a psql UPDATE (a foreign writer that leaves
# updated_at alone) shows in an open editor within 2 s, and the editor's next save is merged over it.
E2E_PG=1
source "$(dirname "$0")/lib/editor-lib.sh"

start_editor alice alice
wait_claimed alice alice
keys alice Down Down Down End C-u
type_text alice "7"
wait_for alice "*priority"

psql_e2e "UPDATE records SET title = 'Changed from psql' WHERE id = 1"
wait_for alice "changed by another program at" 2

keys alice C-s
wait_for alice "Saved"
expect_eq "title kept from psql" "$(field 1 title)" "Changed from psql"
expect_eq "priority saved by alice" "$(field 1 priority)" "7"
history_has 1 title "Quarterly report" || fail "history lacks the version psql replaced"
keys alice C-q
wait_exit alice 0
pass
