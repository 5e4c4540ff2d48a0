#!/usr/bin/env bash
# Scenario 3: an editor with unsaved edits is killed with SIGKILL after it journaled a draft. Opening
# the row again offers the draft; recovering it (y) and saving puts the edits in the database.
source "$(dirname "$0")/lib/editor-lib.sh"

start_editor first alice
wait_claimed first alice
keys first End C-u
type_text first "Recovered title"
wait_for first "Recovered title"
keys first Down Down Down End C-u
type_text first "4"
wait_for_re first '^>\*?priority +4 *$'

# The editor journals the draft within a few seconds of the typing (0600, in a 0700 directory).
draft_file() {
    local f
    for f in "$E2E_DRAFTS"/*.json; do
        [ -f "$f" ] && jq -e '.edits.title == "Recovered title" and .edits.priority == 4' "$f" >/dev/null 2>&1 && echo "$f" && return 0
    done
    return 1
}
wait_until 10 "the draft to be journaled" draft_file
draft="$(draft_file)"
expect_eq "draft file mode" "$(stat -c %a "$draft")" "600"
expect_eq "draft directory mode" "$(stat -c %a "$E2E_DRAFTS")" "700"

pid="$(editor_pid first)"
[ -n "$pid" ] || fail "cannot find the editor's pid"
kill -9 "$pid"
wait_exit first 137
expect_eq "title after the crash" "$(field 1 title)" "Quarterly report"

# Open the row again: the draft of the dead process is offered.
start_editor second alice
wait_for second "$pid"
wait_for_re second "[Rr]ecover"
keys second y
wait_for second "Recovered title"
keys second C-s
wait_for second "Saved"

expect_eq "title after recovery" "$(field 1 title)" "Recovered title"
expect_eq "priority after recovery" "$(field 1 priority)" "4"
# The new editor took the dead editor's claim over at once.
owner="$(rec show 1 --json | jq -r .edit_owner)"
case "$owner" in alice@*:"$pid"|"") fail "the claim is still the dead editor's: '$owner'" ;; esac

keys second C-q
wait_exit second 0
draft_gone() { ! ls "$E2E_DRAFTS"/*.json >/dev/null 2>&1; }
wait_until 5 "the draft to be deleted" draft_gone
pass
