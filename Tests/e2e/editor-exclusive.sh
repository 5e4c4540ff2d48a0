#!/usr/bin/env bash
# Exclusive mode: bob's form is read-only while alice holds the row, and unlocks by itself when she quits.
source "$(dirname "$0")/lib/editor-lib.sh"
config="$E2E_TMP/exclusive.json"
printf '{"lockMode": "exclusive", "heartbeatSeconds": 1, "leaseSeconds": 5}\n' > "$config"

start_editor alice alice --config "$config"
wait_claimed alice alice
start_editor bob bob --config "$config"
wait_for bob "being edited by alice@"
wait_for bob "read-only"

# Typing does nothing while alice holds it.
keys bob End
type_text bob "zzz"
wait_for bob "Read-only"
screen bob | grep -qF "zzz" && fail "bob could type into a locked form"

# Alice quits: bob's editor claims the row and unlocks without a key press.
keys alice C-q
wait_exit alice 0
owner_is_bob() { rec show 1 --json | jq -e '.edit_state == "editing" and (.edit_owner | startswith("bob@"))' >/dev/null; }
wait_until 10 "bob's editor to claim the released row" owner_is_bob
wait_gone bob "being edited by alice@"
keys bob End
type_text bob " (bob)"
wait_for bob "Quarterly report (bob)"
keys bob C-s
wait_for bob "Saved"
expect_eq "title saved by bob" "$(field 1 title)" "Quarterly report (bob)"
keys bob C-q
wait_exit bob 0
pass
