#!/usr/bin/env bash
# Django as a writer beside recedit, on each database of DJANGO_DBS (sqlite, postgres, mariadb; lib/django-lib.sh):
# a Django project migrated there, `recedit adopt --table items_item` reuses Django's own updated_at column,
# and afterwards Django's save(), QuerySet.update() and create() still work; `recedit show --json` sees what
# Django wrote, `recedit history` every version Django replaced, and the stamps go up.
set -uo pipefail
: "${RECEDIT_BIN:?set RECEDIT_BIN to the built recedit binary}"
source "$(dirname "$0")/lib/django-lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/recedit-django.XXXXXX")
trap 'django_drop_dbs; rm -rf "$work"' EXIT

fail() { django_fail "$db: $*"; }
expect_eq() { [ "$2" == "$3" ] || fail "$1: expected '$3', got '$2'"; }

for db in $(django_dbs); do
    project="$work/$db"
    django_project "$project"
    url=$(django_new_db "$db" "$work") || exit 1
    export RECEDIT_DJANGO_DB=$url
    rec() { "$RECEDIT_BIN" --db "$url" --table items_item "$@"; }

    dj "$project" migrate || fail "Django's migrate failed"
    pk=$(dj "$project" create title=First body=hello) || fail "Django's create failed"
    expect_eq "pk" "$pk" "1"
    before=$(dj "$project" get 1 | jq -r .updated_at)

    # adopt keeps Django's column (same type, same value) and adds only the edit-state columns.
    case "$db" in
        sqlite) coltype() { sqlite3 "${url#sqlite:}" "SELECT type FROM pragma_table_info('items_item') WHERE name = 'updated_at'"; } ;;
        postgres) coltype() { psql "$url" -qAtX -c "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'items_item'::regclass AND attname = 'updated_at'"; } ;;
        mariadb) coltype() { django_mariadb "SELECT column_type FROM information_schema.columns WHERE table_schema = '${url##*/}' AND table_name = 'items_item' AND column_name = 'updated_at'"; } ;;
    esac
    type_before=$(coltype)
    out=$(rec adopt --table items_item 2>&1) || fail "recedit adopt refused Django's table: $out"
    expect_eq "updated_at type after adopt" "$(coltype)" "$type_before"
    expect_eq "Django's stamp after adopt" "$(dj "$project" get 1 | jq -r .updated_at)" "$before"
    expect_eq "recedit's stamp is Django's" "$(rec show 1 --json | jq -r '.updated_at | sub(" "; "T")')" "${before%+00:00}"

    # Django's save() (auto_now) and QuerySet.update() after adopt.
    dj "$project" save 1 status=done || fail "Django's save() failed after adopt"
    s1=$(rec show 1 --json | jq -r .updated_at)
    dj "$project" update 1 title=Second body=world || fail "Django's update() failed after adopt"
    s2=$(rec show 1 --json | jq -r .updated_at)
    pk2=$(dj "$project" create title=Another) || fail "Django's create() failed after adopt"
    expect_eq "second pk" "$pk2" "2"

    json=$(rec show 1 --json)
    expect_eq "title seen by recedit" "$(jq -r .fields.title <<<"$json")" "Second"
    expect_eq "status seen by recedit" "$(jq -r .fields.status <<<"$json")" "done"
    expect_eq "body seen by recedit" "$(jq -r .fields.body <<<"$json")" "world"
    expect_eq "edit_state" "$(jq -r .edit_state <<<"$json")" "idle"
    # A stamp that did not advance would let a stale save through.
    [[ "$before" < "${s1/ /T}" && "$s1" < "$s2" ]] || fail "stamps did not go up: $before, $s1, $s2"
    expect_eq "Django reads recedit's stamp" "$(dj "$project" get 1 | jq -r '.updated_at | sub("\\+00:00$"; "")')" "${s2/ /T}"
    expect_eq "row 2 seen by recedit" "$(rec show 2 --json | jq -r '.fields.title + " " + .edit_state')" "Another idle"

    # History: the version save() replaced (title First, status open) and the one update() replaced.
    hist=$(rec history 1 --json) || fail "recedit history failed"
    jq -e 'any(.[]; .fields.title == "First" and .fields.status == "open" and .fields.body == "hello")' <<<"$hist" >/dev/null \
        || fail "history lacks the version Django's save() replaced: $hist"
    jq -e 'any(.[]; .fields.title == "First" and .fields.status == "done")' <<<"$hist" >/dev/null \
        || fail "history lacks the version Django's update() replaced: $hist"
    expect_eq "history entries" "$(jq length <<<"$hist")" "2"

    # recedit's own checked save on Django's row, then Django reads it and saves over it again.
    rec set 1 title=Third --expect "$s2" >/dev/null || fail "recedit set --expect on Django's row failed"
    expect_eq "Django reads recedit's write" "$(dj "$project" get 1 | jq -r .title)" "Third"
    dj "$project" save 1 body=again || fail "Django's save() after recedit's failed"
    expect_eq "title after both" "$(rec show 1 --json | jq -r .fields.title)" "Third"
    # A stamp recedit assigns never ends in .000000: Django compares such a time as text without its fraction on
    # SQLite, and the README's recipe would retry forever on that row. After a .999999 stamp recedit's save
    # would land exactly on the next second. The recipe must write after it on every database.
    dj "$project" update 1 "updated_at=2099-01-01T00:00:00.999999+00:00" || fail "Django's update() of updated_at failed"
    rec set 1 title=Fourth --expect "2099-01-01 00:00:00.999999" >/dev/null || fail "recedit set after a .999999 stamp failed"
    stamp=$(rec show 1 --json | jq -r .updated_at)
    [[ $stamp == "2099-01-01 00:00:01."* ]] || fail "recedit's stamp after .999999 is $stamp"
    # (A typed column, as on PostgreSQL, compares .000000 as a time: only SQLite's text must avoid it.)
    [[ $db != sqlite || $stamp != *".000000" ]] || fail "recedit's SQLite stamp after .999999 is $stamp"
    out=$(dj "$project" increment 1 1 checked 2>&1) || fail "the recipe cannot write after recedit's stamp $stamp: $out"

    # recedit's own new rows (Django's updated_at is NOT NULL without a default).
    new=$(rec new title=FromRecedit status=open body= count=0 --json) || fail "recedit new on Django's table failed"
    expect_eq "Django reads recedit's new row" "$(dj "$project" get "$(jq -r .key <<<"$new")" | jq -r .title)" "FromRecedit"

    echo "PASS [django-adopt] $db: adopt kept updated_at ($type_before); save, update, create work; history has $(rec history 1 --json | jq length) versions"
done
