#!/usr/bin/env bash
# Scenario 1: alice and bob edit the same field. Bob sees alice's claim, alice saves first, bob's
# save opens the Conflict screen with both values; bob keeps his and saves. The row holds bob's
# title, the history alice's.
source "$(dirname "$0")/lib/editor-lib.sh"

start_editor alice alice
wait_claimed alice alice
start_editor bob bob
wait_for bob "being edited by alice@"

# Bob starts on the title while alice has the row.
keys bob End C-u
type_text bob "Bob's title"
wait_for bob "Bob's title"

# Alice edits the title and saves.
keys alice End C-u
type_text alice "Alice's title"
wait_for alice "Alice's title"
keys alice C-s
wait_for alice "Saved"
expect_eq "title after alice's save" "$(field 1 title)" "Alice's title"

# Bob saves: the row changed under him, on the same field: the Conflict screen, both values shown.
keys bob C-s
wait_for bob "Conflict"
conflict="$(screen bob)"
grep -qF "Bob's title" <<<"$conflict" || fail "the Conflict screen does not show bob's value"
grep -qF "Alice's title" <<<"$conflict" || fail "the Conflict screen does not show alice's value"
grep -qF "Quarterly report" <<<"$conflict" || fail "the Conflict screen does not show the base value"

# Keep mine, save.
keys bob m
keys bob C-s
wait_for bob "Saved"
wait_gone bob "Conflict"

expect_eq "title after bob's save" "$(field 1 title)" "Bob's title"
history_has 1 title "Alice's title" || fail "history does not hold alice's title"
history_has 1 title "Quarterly report" || fail "history does not hold the original title"

# Both quit cleanly; the claim is released.
keys bob C-q
wait_exit bob 0
keys alice C-q
wait_exit alice 0
expect_eq "edit_state after both quit" "$(rec show 1 --json | jq -r .edit_state)" "idle"
pass
