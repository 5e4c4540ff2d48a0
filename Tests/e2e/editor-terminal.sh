#!/usr/bin/env bash
# The terminal side: $EDITOR hand-over, resizing, the terminal given back (and the claim released)
# on SIGTERM and on hang-up, and a missing row failing before the terminal is touched.
source "$(dirname "$0")/lib/editor-lib.sh"

# A missing row: one line on stderr, exit 4.
rec --user alice open 999 >"$E2E_TMP/out" 2>"$E2E_TMP/err" </dev/null
expect_eq "exit code of open on a missing row" "$?" "4"
[ "$(wc -l <"$E2E_TMP/err")" -eq 1 ] || fail "expected one line on stderr, got: $(cat "$E2E_TMP/err")"
[ -s "$E2E_TMP/out" ] && fail "open of a missing row wrote to stdout: $(cat "$E2E_TMP/out")"

# $EDITOR on the focused field (the title): the form comes back with the edited text.
cat >"$E2E_TMP/fake-editor" <<'SH'
#!/bin/sh
printf ' (edited outside)' >>"$1"
SH
chmod +x "$E2E_TMP/fake-editor"
export EDITOR="$E2E_TMP/fake-editor"
start_editor alice alice
wait_claimed alice alice
keys alice C-o
wait_for alice "Quarterly report (edited outside)"
wait_for alice '^S save'
keys alice C-s
wait_for alice "Saved"
expect_eq "title after the external edit" "$(field 1 title)" "Quarterly report (edited outside)"

# A smaller terminal: the form is laid out again, the key bar on the new last line.
tm resize-window -t "$(pane alice)" -x 60 -y 20
resized() { [ "$(screen alice | wc -l)" -eq 20 ] && screen alice | tail -n 1 | grep -qF '^S save'; }
wait_until 5 "the form to be redrawn at 60x20" resized
long="$(screen alice | awk 'length($0) > 60' | head -n 1)"
[ -z "$long" ] || fail "a line is wider than the terminal: '$long'"

# SIGTERM: the terminal comes back sane, the claim is released, the exit code says why.
pid="$(editor_pid alice)"
kill -TERM "$pid"
wait_for alice "stopped by SIGTERM"
# runEditor returns 128+15; the CLI may fold it into its generic error code.
wait_exit alice '143|1'
ttyline="$(tty_modes alice)"
for mode in ixon isig icanon echo; do
    grep -qw -- "-$mode" <<<"$ttyline" && fail "tty mode $mode left off after SIGTERM: $ttyline"
done
expect_eq "edit_state after SIGTERM" "$(rec show 1 --json | jq -r .edit_state)" "idle"

# Hang-up (the terminal goes away): the editor ends and releases its claim.
start_editor bob bob
wait_claimed bob bob
pid="$(editor_pid bob)"
tm kill-session -t "=bob"
gone() { ! kill -0 "$pid" 2>/dev/null; }
wait_until 5 "the editor to exit on hang-up" gone
expect_eq "edit_state after hang-up" "$(rec show 1 --json | jq -r .edit_state)" "idle"
pass
