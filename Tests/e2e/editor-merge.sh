#!/usr/bin/env bash
# Scenario 2: alice edits the title, bob the priority, at the same time. Both edits survive, no
# Conflict screen; bob's status line names the field that was merged in.
source "$(dirname "$0")/lib/editor-lib.sh"

start_editor alice alice
wait_claimed alice alice
start_editor bob bob
wait_for bob "being edited by alice@"

# Bob changes the priority (title -> status -> owner -> priority).
keys bob Down Down Down
wait_for_re bob '^>.?priority'
keys bob End C-u
type_text bob "5"
wait_for_re bob '^>\*?priority +5 *$'

# Alice changes the title and saves.
keys alice End C-u
type_text alice "Alice's title"
keys alice C-s
wait_for alice "Saved"

# Bob saves: his version is stale, but the fields do not overlap, so the save merges.
keys bob C-s
wait_for bob "Saved"
status="$(screen bob | tail -n 2 | head -n 1)"
grep -q "title" <<<"$status" || fail "bob's status does not name the merged field: '$status'"
screen bob | grep -qF "Conflict" && fail "a Conflict screen appeared for non-overlapping edits"

expect_eq "title" "$(field 1 title)" "Alice's title"
expect_eq "priority" "$(field 1 priority)" "5"
# Bob's form shows alice's title now.
wait_for bob "Alice's title"

keys bob C-q
wait_exit bob 0
keys alice C-q
wait_exit alice 0
pass "bob: $(echo $status)"
