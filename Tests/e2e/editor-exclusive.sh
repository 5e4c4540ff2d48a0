#!/usr/bin/env bash
# Exclusive mode: alice's claim is stored `locked`, so bob's form is read-only while she holds the row (and
# unlocks by itself when she quits), and clients with the default (advisory) config honour the lock too.
source "$(dirname "$0")/lib/editor-lib.sh"
config="$E2E_TMP/exclusive.json"
printf '{"lockMode": "exclusive", "heartbeatSeconds": 1, "leaseSeconds": 5}\n' > "$config"

start_editor alice alice --config "$config"
wait_claimed alice alice
expect_eq "alice's claim is stored locked" "$(rec show 1 --json | jq -r .edit_state)" "locked"
start_editor bob bob --config "$config"
wait_for bob "locked by alice@"
wait_for bob "read-only"

# A client with the default config: the CLI's write is refused (exit 5), an editor's form is read-only.
code=0
rec set 1 owner=x 2>"$E2E_TMP/set.err" || code=$?
expect_eq "exit code of a default-config set on alice's locked row" "$code" "5"
grep -qF "(exclusive mode); nothing written" "$E2E_TMP/set.err" || fail "set's message: $(cat "$E2E_TMP/set.err")"
start_editor carol carol
wait_for carol "locked by alice@"
wait_for carol "read-only"
keys carol End
type_text carol "qqq"
wait_for carol "Read-only: locked by alice@"
screen carol | grep -qF "qqq" && fail "carol could type into a locked form"
keys carol C-q
wait_exit carol 0

# Typing does nothing while alice holds it.
keys bob End
type_text bob "zzz"
wait_for bob "Read-only"
screen bob | grep -qF "zzz" && fail "bob could type into a locked form"

# Alice quits: bob's editor claims the row and unlocks without a key press.
keys alice C-q
wait_exit alice 0
owner_is_bob() { rec show 1 --json | jq -e '.edit_state == "locked" and (.edit_owner | startswith("bob@"))' >/dev/null; }
wait_until 10 "bob's editor to claim the released row" owner_is_bob
wait_gone bob "locked by alice@"
keys bob End
type_text bob " (bob)"
wait_for bob "Quarterly report (bob)"
keys bob C-s
wait_for bob "Saved"
expect_eq "title saved by bob" "$(field 1 title)" "Quarterly report (bob)"
keys bob C-q
wait_exit bob 0
pass
