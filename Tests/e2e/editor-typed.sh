#!/usr/bin/env bash
# Typed fields in a real terminal: the demo's status is a choice (Space steps to the next allowed value, a
# letter jumps, nothing else is typed), due is a date (+ steps a day); the save writes both.
source "$(dirname "$0")/lib/editor-lib.sh"

start_editor alice alice
wait_claimed alice alice

# title -> status
keys alice Down
wait_for_re alice '^>.?status +in_progress +\(Space: open \| in_progress \| done \| NULL\)'
keys alice Space
wait_for_re alice '^>\*status +done '
type_text alice "x"
wait_for alice "status takes only open, in_progress, done or NULL"
type_text alice "o"
wait_for_re alice '^>\*status +open '

# status -> owner -> priority -> due
keys alice Down Down Down
wait_for_re alice '^>.?due +2026-12-15 +\(\+/- a day, t today\)'
type_text alice "+"
wait_for_re alice '^>\*due +2026-12-16 '
keys alice C-s
wait_for alice "Saved"

expect_eq "status" "$(field 1 status)" "open"
expect_eq "due" "$(field 1 due)" "2026-12-16"

keys alice C-q
wait_exit alice 0
pass "choice and date saved"
