# Shared helpers for the editor end-to-end tests, sourced by Tests/e2e/editor-*.sh (kept in lib/ so
# that runners globbing Tests/e2e/*.sh do not take it for a test).
#
# Each test gets a private tmux server (socket recedit-e2e-$$), a temp dir with its own SQLite
# database, HOME and XDG_STATE_HOME, and cleans both up on exit. Waiting is always polling
# capture-pane (or the file system) with a deadline, never a fixed sleep.
#
# Needs: $RECEDIT_BIN (the built recedit), tmux, jq.

set -uo pipefail

: "${RECEDIT_BIN:?set RECEDIT_BIN to the built recedit binary}"
case "$RECEDIT_BIN" in /*) ;; *) RECEDIT_BIN="$(cd "$(dirname "$RECEDIT_BIN")" && pwd)/$(basename "$RECEDIT_BIN")" ;; esac
[ -x "$RECEDIT_BIN" ] || { echo "RECEDIT_BIN=$RECEDIT_BIN is not executable" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is not installed" >&2; exit 2; }

E2E_NAME="$(basename "$0" .sh)"
E2E_TMP="$(mktemp -d "${TMPDIR:-/tmp}/recedit-e2e.XXXXXX")"
E2E_SOCKET="recedit-e2e-$$"
E2E_DB="sqlite:$E2E_TMP/t.db"
# E2E_PG=1 runs the same scenario on PostgreSQL: a fresh database on the server scripts/test started.
if [ "${E2E_PG:-0}" = 1 ]; then
    : "${RECEDIT_TEST_PG:?E2E_PG=1 needs RECEDIT_TEST_PG (scripts/pg-server start)}"
    E2E_PG_NAME="recedit_e2e_$$"
    psql "$RECEDIT_TEST_PG" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $E2E_PG_NAME" >/dev/null || { echo "cannot create database $E2E_PG_NAME" >&2; exit 2; }
    E2E_DB="${RECEDIT_TEST_PG%/*}/$E2E_PG_NAME"
fi
# psql_e2e SQL: a foreign writer on this test's PostgreSQL database.
psql_e2e() { psql "$E2E_DB" -qAt -v ON_ERROR_STOP=1 -c "$1"; }
# E2E_MARIADB=1 runs it on MariaDB: a fresh database on the server scripts/test started (scripts/mariadb-server).
# mariadb_e2e SQL: a foreign writer (the `mariadb` shell) on it; mariadb_admin SQL: the same on the server.
mariadb_args() {
    local rest=${RECEDIT_TEST_MARIADB#*://}; rest=${rest%%\?*}; rest=${rest%%/*}
    local user=${rest%%@*} hostport=${rest#*@}
    echo "--no-defaults -u $user -h ${hostport%%:*} -P ${hostport##*:} --protocol=TCP"
}
mariadb_admin() { mariadb $(mariadb_args) -N -B -e "$1"; }
if [ "${E2E_MARIADB:-0}" = 1 ]; then
    : "${RECEDIT_TEST_MARIADB:?E2E_MARIADB=1 needs RECEDIT_TEST_MARIADB (scripts/mariadb-server start)}"
    E2E_MARIADB_NAME="recedit_e2e_$$"
    mariadb_admin "CREATE DATABASE $E2E_MARIADB_NAME CHARACTER SET utf8mb4" || { echo "cannot create database $E2E_MARIADB_NAME" >&2; exit 2; }
    E2E_DB="${RECEDIT_TEST_MARIADB%/*}/$E2E_MARIADB_NAME"
fi
mariadb_e2e() { mariadb $(mariadb_args) -N -B "$E2E_MARIADB_NAME" -e "$1"; }
# Seconds to wait for something to show up on screen.
E2E_TIMEOUT="${E2E_TIMEOUT:-10}"
mkdir -p "$E2E_TMP/home" "$E2E_TMP/state"
export HOME="$E2E_TMP/home" XDG_STATE_HOME="$E2E_TMP/state" XDG_CONFIG_HOME="$E2E_TMP/home/.config"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR RECEDIT_OWNER VISUAL
export EDITOR=false
E2E_DRAFTS="$XDG_STATE_HOME/recedit/drafts"

cat >"$E2E_TMP/tmux.conf" <<'EOF'
set -g default-terminal tmux-256color
set -g status off
set -g history-limit 2000
set -g escape-time 0
EOF

e2e_cleanup() {
    tmux -L "$E2E_SOCKET" kill-server 2>/dev/null
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$E2E_SOCKET"
    rm -rf "$E2E_TMP"
    if [ -n "${E2E_PG_NAME:-}" ]; then
        psql "$RECEDIT_TEST_PG" -qAt -c "DROP DATABASE IF EXISTS $E2E_PG_NAME WITH (FORCE)" >/dev/null 2>&1
    fi
    if [ -n "${E2E_MARIADB_NAME:-}" ]; then
        mariadb_admin "DROP DATABASE IF EXISTS $E2E_MARIADB_NAME" >/dev/null 2>&1
    fi
}
trap e2e_cleanup EXIT
trap 'exit 130' INT TERM HUP

tm() { tmux -L "$E2E_SOCKET" -f "$E2E_TMP/tmux.conf" "$@"; }

# rec ARGS...: the CLI against this test's database.
rec() { "$RECEDIT_BIN" --db "$E2E_DB" "$@"; }

# fail MESSAGE: print the message and every pane, then stop the test.
fail() {
    echo "FAIL [$E2E_NAME]: $*" >&2
    local s
    for s in $(tm list-sessions -F '#{session_name}' 2>/dev/null); do
        echo "----- screen of $s -----" >&2
        tm capture-pane -p -t "$(pane "$s")" >&2
    done
    exit 1
}

pass() { echo "PASS [$E2E_NAME]${1:+: $1}"; }

# start_editor SESSION USER [OPEN ARGS...]: `recedit --user USER open 1` in a 100x30 terminal.
# After the editor exits, its exit code goes to $E2E_TMP/exit.SESSION and the tty modes it left to
# $E2E_TMP/tty.SESSION (wait_exit and tty_modes read them); the pane shows both too, for people
# watching. Checks never read them off the screen: bash's "Killed" line names the binary by its
# full path and wraps, so what the screen shows depends on where the checkout lives.
start_editor() {
    local session="$1" user="$2"
    shift 2
    local args="" a
    for a in "$@"; do args+=" $(printf '%q' "$a")"; done
    local cmd exit_file tty_file
    exit_file="$(printf '%q' "$E2E_TMP/exit.$session")"
    tty_file="$(printf '%q' "$E2E_TMP/tty.$session")"
    rm -f "$E2E_TMP/exit.$session" "$E2E_TMP/tty.$session"
    cmd="$(printf '%q' "$RECEDIT_BIN") --db $(printf '%q' "$E2E_DB") --user $user open 1$args; rc=\$?;"
    cmd+=" stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(ixon|isig|icanon|echo)' | tr '\\n' ' ' >$tty_file;"
    cmd+=" echo \$rc >$exit_file; printf '\\n[exit %s]\\n[tty %s]\\n' \$rc \"\$(cat $tty_file)\"; exec sleep 3600"
    tm new-session -d -s "$session" -x 100 -y 30 "$cmd" || fail "cannot start tmux session $session"
}

# start_browser SESSION USER [ARGS...]: `recedit --user USER ARGS` (`browse`, or nothing: the browser too) in a
# 100x30 terminal, recording its exit code like start_editor.
start_browser() {
    local session="$1" user="$2"
    shift 2
    local args="" a exit_file
    for a in "$@"; do args+=" $(printf '%q' "$a")"; done
    exit_file="$(printf '%q' "$E2E_TMP/exit.$session")"
    rm -f "$E2E_TMP/exit.$session"
    local cmd="$(printf '%q' "$RECEDIT_BIN") --db $(printf '%q' "$E2E_DB") --user $user$args; rc=\$?;"
    cmd+=" echo \$rc >$exit_file; printf '\\n[exit %s]\\n' \$rc; exec sleep 3600"
    tm new-session -d -s "$session" -x 100 -y 30 "$cmd" || fail "cannot start tmux session $session"
}

# wait_exit SESSION [CODE-REGEX] [SECONDS]: until the editor in SESSION has exited; fails unless
# its exit code matches CODE-REGEX (default 0).
wait_exit() {
    local session="$1" want="${2:-0}" limit="${3:-$E2E_TIMEOUT}"
    local file="$E2E_TMP/exit.$session" deadline=$((SECONDS + limit))
    until [ -s "$file" ]; do
        [ "$SECONDS" -ge "$deadline" ] && fail "$session: the editor did not exit within ${limit}s"
        sleep 0.1
    done
    local code
    code="$(cat "$file")"
    [[ "$code" =~ ^($want)$ ]] || fail "$session: the editor exited with $code, expected $want"
}

# tty_modes SESSION: the tty modes the editor in SESSION left ("ixon isig icanon echo" when sane).
tty_modes() { cat "$E2E_TMP/tty.$1"; }

# The pane of session NAME (exact match).
pane() { printf '=%s:' "$1"; }

screen() { tm capture-pane -p -t "$(pane "$1")"; }

# wait_for SESSION TEXT [SECONDS]: until the screen shows TEXT (fixed string).
wait_for() {
    local session="$1" text="$2" limit="${3:-$E2E_TIMEOUT}"
    local deadline=$((SECONDS + limit))
    while :; do
        screen "$session" 2>/dev/null | grep -qF -- "$text" && return 0
        [ "$SECONDS" -ge "$deadline" ] && fail "$session: '$text' did not appear within ${limit}s"
        sleep 0.1
    done
}

# wait_for_re SESSION REGEX [SECONDS]: until the screen matches the extended regex.
wait_for_re() {
    local session="$1" re="$2" limit="${3:-$E2E_TIMEOUT}"
    local deadline=$((SECONDS + limit))
    while :; do
        screen "$session" 2>/dev/null | grep -qE -- "$re" && return 0
        [ "$SECONDS" -ge "$deadline" ] && fail "$session: /$re/ did not appear within ${limit}s"
        sleep 0.1
    done
}

# wait_gone SESSION TEXT [SECONDS]: until the screen no longer shows TEXT.
wait_gone() {
    local session="$1" text="$2" limit="${3:-$E2E_TIMEOUT}"
    local deadline=$((SECONDS + limit))
    while screen "$session" 2>/dev/null | grep -qF -- "$text"; do
        [ "$SECONDS" -ge "$deadline" ] && fail "$session: '$text' still shown after ${limit}s"
        sleep 0.1
    done
}

# wait_until SECONDS DESCRIPTION COMMAND...: until COMMAND succeeds.
wait_until() {
    local limit="$1" what="$2"
    shift 2
    local deadline=$((SECONDS + limit))
    until "$@" >/dev/null; do
        [ "$SECONDS" -ge "$deadline" ] && fail "timed out after ${limit}s waiting for $what"
        sleep 0.1
    done
}

# keys SESSION KEY...: tmux key names (C-s, Enter, Tab, ...).
keys() { local s="$1"; shift; tm send-keys -t "$(pane "$s")" "$@"; }
# type_text SESSION TEXT: literal text.
type_text() { tm send-keys -t "$(pane "$1")" -l -- "$2"; }

# editor_pid SESSION: the recedit process in the pane.
editor_pid() {
    local shell
    shell="$(tm display -p -t "$(pane "$1")" '#{pane_pid}')"
    pgrep -P "$shell" -x recedit || pgrep -P "$shell" | head -1
}

# wait_claimed SESSION USER: USER's editor in SESSION holds the row's claim and shows the form.
wait_claimed() {
    local session="$1" user="$2"
    owner_is() { rec show 1 --json | jq -e --arg u "$1@" '(.edit_state == "editing" or .edit_state == "locked") and (.edit_owner // "" | startswith($u))' >/dev/null; }
    wait_until "$E2E_TIMEOUT" "$user's claim on row 1" owner_is "$user"
    wait_for "$session" '^S save'
}

# expect_eq WHAT ACTUAL EXPECTED
expect_eq() {
    [ "$2" == "$3" ] || fail "$1: expected '$3', got '$2'"
}

# field ID NAME: a field of `show ID --json` (raw string / number).
field() { rec show "$1" --json | jq -r --arg f "$2" '.fields[$f]'; }

# history_has ID NAME VALUE: some version in `history ID --json` has fields[NAME] == VALUE.
history_has() {
    rec history "$1" --json | jq -e --arg f "$2" --arg v "$3" 'any(.[]; (.fields[$f] | tostring) == $v)' >/dev/null
}

rec init --demo >/dev/null || fail "recedit init --demo failed"
