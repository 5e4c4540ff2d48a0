#!/usr/bin/env bash
# SIGSTOP then SIGCONT: while the editor is stopped its shell takes the terminal back in cooked mode
# (here: `stty sane ixon` on the pane's tty, as an interactive shell does). On SIGCONT the editor puts its
# raw mode back and redraws: keys arrive one by one, Ctrl-S saves (not eaten by flow control), Ctrl-L
# is not echoed.
source "$(dirname "$0")/lib/editor-lib.sh"

start_editor alice alice
wait_claimed alice alice
pid="$(editor_pid alice)"
[ -n "$pid" ] || fail "cannot find the editor's pid"
tty="$(tm display -p -t "$(pane alice)" '#{pane_tty}')"
modes() { stty -a -F "$tty" | tr ' ;' '\n\n' | grep -xE -- '-?(ixon|icanon|echo)' | tr '\n' ' '; }
expect_eq "tty modes while editing" "$(modes)" "-ixon -icanon -echo "

kill -STOP "$pid"
stopped() { ps -o stat= -p "$pid" | grep -q '^T'; }
wait_until 5 "the editor to stop" stopped
stty -F "$tty" sane ixon
expect_eq "tty modes the shell left" "$(modes)" "ixon icanon echo "
kill -CONT "$pid"
raw_again() { [ "$(modes)" = "-ixon -icanon -echo " ]; }
wait_until 5 "the editor to put its tty modes back after SIGCONT (now: $(modes))" raw_again

keys alice End
type_text alice " continued"
wait_for alice "Quarterly report continued"
keys alice C-s
wait_for alice "Saved"
expect_eq "title after SIGSTOP/SIGCONT" "$(field 1 title)" "Quarterly report continued"

keys alice C-l
wait_for alice '^S save'
screen alice | grep -qF '^L' && fail "Ctrl-L was echoed"
keys alice C-q
wait_exit alice 0
pass
