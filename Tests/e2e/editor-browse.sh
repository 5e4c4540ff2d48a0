#!/usr/bin/env bash
# The table browser in two terminals: alice opens row 2 from her list, bob's list shows it as being edited by
# alice; alice saves and quits the form, back in her list; bob's list shows the new title without a key
# pressed. A filter typed in the browser finds the Chinese demo row by a Chinese substring. Bob deletes row 3
# while carol edits it: he is asked first, the deleted version goes to history and carol's editor says so.
# E2E_PG=1 runs it on PostgreSQL (Tests/e2e/pg-browse.sh).
source "$(dirname "$0")/lib/editor-lib.sh"

start_browser alice alice browse
start_browser bob bob   # no command: the browser, on a terminal
wait_for alice "1–6 of 6"
wait_for bob "1–6 of 6"
wait_for bob "季度销售报告"

keys alice Down Enter
wait_for alice '^S save'
editing_by_alice() { rec show 2 --json | jq -e '.edit_state == "editing" and (.edit_owner | startswith("alice@"))' >/dev/null; }
wait_until "$E2E_TIMEOUT" "alice's claim on row 2" editing_by_alice
wait_for_re bob "alice, [0-9]+ min" 3

keys alice End C-u
type_text alice "Fix login timeout (30 min)"
keys alice C-s
wait_for alice "Saved"
keys alice C-q
wait_for alice "1–6 of 6"
wait_for alice "Fix login timeout (30 min)"
expect_eq "alice's claim released" "$(rec show 2 --json | jq -r .edit_state)" "idle"

wait_for bob "Fix login timeout (30 min)" 3
wait_gone bob "alice, " 3

keys bob /
type_text bob "销售"
wait_for bob "1–1 of 1"
wait_for bob "季度销售报告"
wait_gone bob "Quarterly report"
keys bob Enter Escape
wait_for bob "1–6 of 6"

start_browser carol carol open 3
wait_for carol '^S save'
editing_by_carol() { rec show 3 --json | jq -e '.edit_state == "editing" and (.edit_owner | startswith("carol@"))' >/dev/null; }
wait_until "$E2E_TIMEOUT" "carol's claim on row 3" editing_by_carol
wait_for_re bob "carol, [0-9]+ min" 3
keys bob g Down Down d
wait_for bob "is editing row 3"
keys bob y
wait_gone bob "季度销售报告" 5
rec show 3 >/dev/null 2>&1 && fail "row 3 is still there after bob's delete"
history_has 3 title "季度销售报告" || fail "the deleted row 3 is not in history"
wait_for carol "Row deleted"
keys carol q
wait_exit carol '[0-9]+'

keys bob q
wait_exit bob 0
keys alice q
wait_exit alice 0
pass
