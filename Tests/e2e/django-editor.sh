#!/usr/bin/env bash
# A Django process writing a row that recedit's editor has open (in tmux), on each database of DJANGO_DBS
# (lib/django-lib.sh; each database runs this script again as a child, with lib/editor-lib.sh on it):
#
#   other field: alice edits the title while Django save()s the status: her save merges, the status line
#                says "merged from another writer: status", and both values are in the row.
#   same field:  alice edits the title while Django save()s a title: her save opens the Conflict screen
#                with Django's title as "theirs"; she keeps hers. The row holds her title, and history the
#                title Django replaced and Django's own.
# DJANGO_E2E_SHOW=1 prints the Conflict screen.
set -uo pipefail
here="$(dirname "$0")"

if [ -z "${DJANGO_EDITOR_DB:-}" ]; then
    source "$here/lib/django-lib.sh"
    status=0
    for db in $(django_dbs); do
        case "$db" in
            sqlite) DJANGO_EDITOR_DB=sqlite E2E_PG=0 E2E_MARIADB=0 bash "$0" || status=1 ;;
            postgres) DJANGO_EDITOR_DB=postgres E2E_PG=1 E2E_MARIADB=0 bash "$0" || status=1 ;;
            mariadb) DJANGO_EDITOR_DB=mariadb E2E_PG=0 E2E_MARIADB=1 bash "$0" || status=1 ;;
            *) django_fail "unknown database kind '$db' in DJANGO_DBS" ;;
        esac
    done
    exit $status
fi

source "$here/lib/editor-lib.sh"
source "$here/lib/django-lib.sh"
E2E_NAME="django-editor $DJANGO_EDITOR_DB"
project="$E2E_TMP/django"
django_project "$project"
export RECEDIT_DJANGO_DB="$E2E_DB"
dj "$project" migrate || fail "Django's migrate failed"
dj "$project" create title=Original status=open "body=Hello" >/dev/null || fail "Django's create failed"
rec adopt --table items_item >/dev/null || fail "recedit adopt --table items_item failed"
# Every command and editor of this test works on Django's table.
mkdir -p "$XDG_CONFIG_HOME/recedit"
echo '{"table": "items_item"}' >"$XDG_CONFIG_HOME/recedit/config.json"
expect_eq "the config's table" "$(field 1 title)" "Original"

# --- Another field: merged ------------------------------------------------------------------------
start_editor alice alice
wait_claimed alice alice
wait_for_re alice '^>.?title +Original'
keys alice End C-u
type_text alice "Alice's title"
wait_for_re alice '^>\*title +Alice.s title'

dj "$project" save 1 status=done || fail "Django's save() failed"
expect_eq "status after Django's save" "$(field 1 status)" "done"
# The editor notices the write (any writer's change shows within 2 s).
wait_for alice "changed by another program"

keys alice C-s
wait_for alice "Saved"
merged="$(screen alice | grep -F "merged")" || fail "the editor did not say it merged"
grep -qF "status" <<<"$merged" || fail "the merge note does not name Django's field: '$merged'"
screen alice | grep -qF "Conflict" && fail "a Conflict screen appeared for edits of different fields"
expect_eq "title" "$(field 1 title)" "Alice's title"
expect_eq "status" "$(field 1 status)" "done"
expect_eq "Django reads the merged row" "$(dj "$project" get 1 | jq -r '.title + "|" + .status')" "Alice's title|done"
history_has 1 status open || fail "history lacks the version Django's save() replaced"
keys alice C-q
wait_exit alice 0
note_merge="$(echo $merged)"

# --- The same field: the Conflict screen, Django's value as theirs ---------------------------------
start_editor alice2 alice
wait_claimed alice2 alice
wait_for_re alice2 "^>.?title +Alice's title"
keys alice2 End C-u
type_text alice2 "Alice again"
wait_for_re alice2 '^>\*title +Alice again'

dj "$project" save 1 "title=Django's title" || fail "Django's save() failed"
keys alice2 C-s
wait_for alice2 "Conflict"
conflict="$(screen alice2)"; [ -n "${DJANGO_E2E_SHOW:-}" ] && echo "$conflict" >&2
grep -qF "theirs" <<<"$conflict" || fail "the Conflict screen has no 'theirs'"
# The theirs column (or line) holds Django's value, mine alice's, base the loaded one.
theirs_col=$(awk 'index($0, "theirs") { print index($0, "theirs"); exit }' <<<"$conflict")
grep -E "^>? *title" <<<"$conflict" | grep -qF "Django's title" || fail "the Conflict screen does not show Django's title"
line="$(grep -E "^>? *title" <<<"$conflict" | head -1)"
[ "$(awk -v c="$theirs_col" '{ print index(substr($0, c), "Django") == 1 }' <<<"$line")" = 1 ] \
    || fail "Django's title is not in the theirs column: '$line' (theirs at column $theirs_col)"
grep -qF "Alice again" <<<"$conflict" || fail "the Conflict screen does not show alice's value"
keys alice2 m
keys alice2 C-s
wait_for alice2 "Saved"
wait_gone alice2 "Conflict"
expect_eq "title after alice keeps hers" "$(field 1 title)" "Alice again"
history_has 1 title "Django's title" || fail "history lacks Django's title (replaced by alice's save)"
history_has 1 title "Alice's title" || fail "history lacks the title Django's save() replaced"
keys alice2 C-q
wait_exit alice2 0
pass "$note_merge; conflict: theirs = Django's title"
