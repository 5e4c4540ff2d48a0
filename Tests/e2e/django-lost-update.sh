#!/usr/bin/env bash
# The README's recipe for applications, from Django, on each database of DJANGO_DBS (lib/django-lib.sh), on a
# table recedit adopted: two app-server processes each do DJANGO_LOOPS (200) read-modify-write increments of
# one row's `count`.
#
#   checked: Item.objects.filter(pk=pk, updated_at=loaded).update(count=n + 1, updated_at=now()); 0 rows =
#            someone wrote first: re-read and retry. Must lose nothing (count == 2 x DJANGO_LOOPS).
#   plain:   item.count += 1; item.save(). Loses some (the lost update recedit exists for): shown, and
#            required (> 0), so that the checked run's 0 is not luck.
#
# Each request "works" up to DJANGO_THINK_MS (2) between its read and its write. Figures go to stdout.
set -uo pipefail
: "${RECEDIT_BIN:?set RECEDIT_BIN to the built recedit binary}"
source "$(dirname "$0")/lib/django-lib.sh"
LOOPS=${DJANGO_LOOPS:-200}

work=$(mktemp -d "${TMPDIR:-/tmp}/recedit-django.XXXXXX")
trap 'django_drop_dbs; rm -rf "$work"' EXIT
fail() { django_fail "$db: $*"; }

# run MODE: both processes, started together; prints "done retries final".
run() {
    local mode=$1 start="$work/start.$db.$1" pids=() i
    dj "$project" update 1 count=0 || fail "cannot reset count"
    for i in 1 2; do
        dj "$project" increment 1 "$LOOPS" "$mode" "$start" >"$work/$db.$mode.$i" 2>"$work/$db.$mode.$i.err" &
        pids+=($!)
    done
    sleep 0.5   # both have started Django and wait for the start file
    touch "$start"
    for i in 0 1; do wait "${pids[$i]}" || fail "$mode process $((i + 1)) failed: $(cat "$work/$db.$mode.$((i + 1)).err")"; done
    local done=0 retries=0 out
    for i in 1 2; do
        out=$(cat "$work/$db.$mode.$i")
        done=$((done + $(jq .done <<<"$out"))); retries=$((retries + $(jq .retries <<<"$out")))
    done
    echo "$done $retries $(dj "$project" get 1 | jq .count)"
}

for db in $(django_dbs); do
    project="$work/$db"
    django_project "$project"
    url=$(django_new_db "$db" "$work") || exit 1
    export RECEDIT_DJANGO_DB=$url
    dj "$project" migrate || fail "Django's migrate failed"
    dj "$project" create title=Counter >/dev/null || fail "Django's create failed"
    "$RECEDIT_BIN" --db "$url" adopt --table items_item >/dev/null || fail "recedit adopt failed"

    read -r done retries final <<<"$(run checked)"
    echo "$db checked (filter(updated_at=loaded).update()): 2 x $LOOPS increments, $retries retried after 0 rows, final count $final, lost $((done - final))"
    [ "$final" -eq $((2 * LOOPS)) ] || fail "the recipe lost $((2 * LOOPS - final)) increments"
    versions=$("$RECEDIT_BIN" --db "$url" --table items_item history 1 --json | jq length)
    [ "$versions" -ge $((2 * LOOPS)) ] || fail "history holds $versions versions, expected at least $((2 * LOOPS))"

    read -r done retries final <<<"$(run plain)"
    echo "$db plain save(): 2 x $LOOPS increments, final count $final, lost $((done - final))"
    [ "$final" -lt "$done" ] || fail "plain save() lost nothing ($final of $done): the test cannot tell checked from unchecked; raise DJANGO_THINK_MS"
done
echo "PASS [django-lost-update]"
