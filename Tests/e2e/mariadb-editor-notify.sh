#!/usr/bin/env bash
# On MariaDB the live notice comes from a poll (the open row's stamp and edit state, read by primary key every
# 0.5 s): a `mariadb` shell UPDATE (a foreign writer that leaves updated_at alone) shows in an open editor within
# 2 s, and the editor's next save is merged over it.
E2E_MARIADB=1
source "$(dirname "$0")/lib/editor-lib.sh"

start_editor alice alice
wait_claimed alice alice
keys alice Down Down Down End C-u
type_text alice "7"
wait_for alice "*priority"

mariadb_e2e "UPDATE records SET title = 'Changed from the shell' WHERE id = 1"
wait_for alice "changed by another program at" 2

keys alice C-s
wait_for alice "Saved"
expect_eq "title kept from the shell" "$(field 1 title)" "Changed from the shell"
expect_eq "priority saved by alice" "$(field 1 priority)" "7"
history_has 1 title "Quarterly report" || fail "history lacks the version the shell replaced"

# A delete from the shell is noticed too.
mariadb_e2e "DELETE FROM records WHERE id = 1"
wait_for_re alice "deleted|no longer exists|gone" 3
keys alice C-q
pass
