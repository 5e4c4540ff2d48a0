#!/usr/bin/env bash
# Scenario 4: a title holding terminal escape sequences (set the pane title, clear the screen) is
# shown as visible caret notation; the terminal never receives the sequences.
source "$(dirname "$0")/lib/editor-lib.sh"

evil=$'\e]0;PWNED\a\e[2J'
rec set 1 "title=$evil" >/dev/null || fail "recedit set failed"
expect_eq "stored title" "$(rec show 1 --json | jq -r .fields.title)" "$evil"

start_editor alice alice
wait_claimed alice alice
wait_for alice '^[]0;PWNED^G^[[2J'

title="$(tm display -p -t "$(pane alice)" '#{pane_title}')"
[ "$title" != "PWNED" ] || fail "the escape sequence set the pane title"
grep -q PWNED <<<"$title" && fail "the pane title contains PWNED: '$title'"

# Nothing cleared the screen behind curses' back: the rest of the form is still there.
shown="$(screen alice)"
grep -qE '^ *status +in_progress' <<<"$shown" || fail "the form was cleared (status line missing)"
grep -qE '^ *body +Collect the numbers' <<<"$shown" || fail "the form was cleared (body missing)"
grep -qF '^S save' <<<"$shown" || fail "the key bar was cleared"

# Moving around redraws the title line; still no escape reaches the terminal.
keys alice Down Up End
wait_for alice '^[]0;PWNED^G^[[2J'
title="$(tm display -p -t "$(pane alice)" '#{pane_title}')"
grep -q PWNED <<<"$title" && fail "the pane title contains PWNED after a redraw: '$title'"

keys alice C-q
wait_exit alice 0
expect_eq "title untouched" "$(rec show 1 --json | jq -r .fields.title)" "$evil"
pass
