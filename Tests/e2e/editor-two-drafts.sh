#!/usr/bin/env bash
# Two editors of one row under one OS account (same HOME, different --user) each journal to their own
# draft: alice types " AAA", b types " BBB", alice's editor is killed (SIGHUP), b quits discarding its
# edits; alice's draft is still there and the next open of the row offers " AAA".
source "$(dirname "$0")/lib/editor-lib.sh"

# draft_with TITLE: the draft file whose title edit is TITLE.
draft_with() {
    local f
    for f in "$E2E_DRAFTS"/*.json; do
        [ -f "$f" ] && jq -e --arg t "$1" '.edits.title == $t' "$f" >/dev/null 2>&1 && echo "$f" && return 0
    done
    return 1
}

start_editor alice alice
wait_claimed alice alice
start_editor b b
wait_for b "being edited by alice@"
wait_for b '^S save'

keys alice End
type_text alice " AAA"
wait_for alice "Quarterly report AAA"
wait_until 10 "alice's draft to be journaled" draft_with "Quarterly report AAA"

keys b End
type_text b " BBB"
wait_for b "Quarterly report BBB"
wait_until 10 "b's draft to be journaled" draft_with "Quarterly report BBB"
draft_with "Quarterly report AAA" >/dev/null || fail "b's draft replaced alice's: $(cat "$E2E_DRAFTS"/*.json)"

# alice's terminal goes away; b quits and discards its own edits.
pid="$(editor_pid alice)"
[ -n "$pid" ] || fail "cannot find alice's editor"
kill -HUP "$pid"
wait_exit alice '129|1'
keys b C-q
wait_for b "Discard unsaved changes? (y/N)"
keys b y
wait_exit b 0

draft_with "Quarterly report AAA" >/dev/null || fail "quitting b deleted alice's draft"
draft_with "Quarterly report BBB" >/dev/null && fail "b's discarded draft is still there"
expect_eq "title before recovery" "$(field 1 title)" "Quarterly report"

# The next open of the row offers alice's draft; recovering and saving keeps " AAA".
start_editor again alice
wait_for again "Recover unsaved edits from alice@"
wait_for again "title: Quarterly report AAA"
keys again y
wait_for again "Recovered 1 edit"
keys again C-s
wait_for again "Saved"
expect_eq "title after recovery" "$(field 1 title)" "Quarterly report AAA"
keys again C-q
wait_exit again 0
no_drafts() { ! ls "$E2E_DRAFTS"/*.json >/dev/null 2>&1; }
wait_until 5 "the recovered draft to be removed" no_drafts
pass
