#!/usr/bin/env bash
# NULL in a real terminal (issue 13): Ctrl-N sets owner to NULL (shown as the dim mark), a NOT NULL title
# refuses it at the key, Ctrl-D reviews the save and Ctrl-S saves from the review; the row holds NULL.
source "$(dirname "$0")/lib/editor-lib.sh"

start_editor alice alice
wait_claimed alice alice

keys alice C-n
wait_for alice 'title is NOT NULL: it cannot be set to NULL'

keys alice Tab Tab
keys alice C-n
wait_for alice 'owner set to NULL'
grep -qE '^.\*owner +∅ NULL' <<<"$(screen alice)" || fail "owner is not shown as NULL: $(screen alice)"

keys alice C-d
wait_for alice 'Review the save: records'
shown="$(screen alice)"
grep -qE '^ +- alice' <<<"$shown" || fail "the review lacks the loaded owner: $shown"
grep -qE '^ +\+ ∅ NULL' <<<"$shown" || fail "the review lacks the NULL: $shown"

keys alice C-s
wait_for alice 'Saved '
expect_eq "owner after the save" "$(rec show 1 --json | jq -c .fields.owner)" "null"
grep -qE '^owner +∅ NULL$' <<<"$(rec show 1)" || fail "show does not print the NULL mark"

keys alice C-q
wait_exit alice 0
pass
