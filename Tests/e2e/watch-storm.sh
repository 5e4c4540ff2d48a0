#!/usr/bin/env bash
# `recedit watch` under load (issue 14): WATCH_WRITERS writers (default 8; half `recedit set`, half the database
# shell) make WATCH_SAVES saves each (default 100) to rows 1-4, while the watcher is killed (SIGKILL) and restarted
# with --since the last change it printed, WATCH_RESTARTS times (default 3). Together the watchers' output must
# hold every change exactly once, in log order, and per row in the order history has the versions.
# E2E_PG=1 runs it on PostgreSQL, E2E_MARIADB=1 on MariaDB.
source "$(dirname "$0")/lib/editor-lib.sh"

writers="${WATCH_WRITERS:-8}" saves="${WATCH_SAVES:-100}" restarts="${WATCH_RESTARTS:-3}"
dbfile="${E2E_DB#sqlite:}"
sql() {
    if [ "${E2E_PG:-0}" = 1 ]; then psql_e2e "$1"
    elif [ "${E2E_MARIADB:-0}" = 1 ]; then mariadb_e2e "$1"
    else sqlite3 -cmd ".timeout 10000" "$dbfile" "$1"; fi
}

watcher=""
start_watcher() {  # N SINCE
    "$RECEDIT_BIN" --db "$E2E_DB" watch --json ${2:+--since "$2"} >"$E2E_TMP/out.$1" 2>"$E2E_TMP/err.$1" &
    watcher=$!
    wait_until 20 "watcher $1 to start" grep -qs "watching table" "$E2E_TMP/err.$1"
}
# The seq of the last complete line in FILE (a line cut by SIGKILL does not count), or $2.
last_seq() { local s; s="$(grep -a '}$' "$1" | tail -n 1 | jq -r .seq 2>/dev/null)"; echo "${s:-$2}"; }

start_watcher 0 ""
start="$(sed -n 's/.*after change \([0-9]*\).*/\1/p' "$E2E_TMP/err.0")"
[ -n "$start" ] || fail "watcher 0 did not say where it starts: $(cat "$E2E_TMP/err.0")"

writer() {  # I
    local i="$1" n row
    if [ $((i % 2)) = 1 ]; then
        for n in $(seq 1 "$saves"); do
            row=$(( (i + n) % 4 + 1 ))
            # A conflict (3) or a busy database (5) is retried: every save lands once.
            until rec set "$row" "title=w$i-$n" >/dev/null 2>>"$E2E_TMP/writer.$i.err"; do
                case $? in 3|5) ;; *) echo "writer $i: set failed" >>"$E2E_TMP/writer.$i.err"; return 1 ;; esac
            done
        done
    else
        : >"$E2E_TMP/writer.$i.sql"
        for n in $(seq 1 "$saves"); do
            row=$(( (i + n) % 4 + 1 ))
            echo "UPDATE records SET body = 'w$i-$n' WHERE id = $row;" >>"$E2E_TMP/writer.$i.sql"
        done
        if [ "${E2E_PG:-0}" = 1 ]; then
            psql "$E2E_DB" -qAt -v ON_ERROR_STOP=1 -f "$E2E_TMP/writer.$i.sql" >/dev/null
        elif [ "${E2E_MARIADB:-0}" = 1 ]; then
            mariadb $(mariadb_args) -N -B "$E2E_MARIADB_NAME" <"$E2E_TMP/writer.$i.sql"
        else
            sqlite3 -cmd ".timeout 30000" "$dbfile" <"$E2E_TMP/writer.$i.sql"
        fi
    fi
}

began=$SECONDS
pids=()
for i in $(seq 1 "$writers"); do writer "$i" & pids+=($!); done

# Kill the watcher now and then while the writers run; each new one goes on after the last line printed.
since="$start"
for r in $(seq 1 "$restarts"); do
    sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.5 + (r % 150) / 100 }')"
    kill -KILL "$watcher"; wait "$watcher" 2>/dev/null
    since="$(last_seq "$E2E_TMP/out.$((r - 1))" "$since")"
    start_watcher "$r" "$since"
done
for p in "${pids[@]}"; do wait "$p" || fail "a writer failed: $(cat "$E2E_TMP"/writer.*.err 2>/dev/null | tail -3)"; done

# Everything the log holds after the start, as the watchers must have printed it.
sql "SELECT seq FROM recedit_changes WHERE table_name = 'records' AND seq > $start AND operation IN ('insert','update','delete') ORDER BY seq" \
    >"$E2E_TMP/expected"
expected=$(wc -l <"$E2E_TMP/expected")
[ "$expected" -eq $((writers * saves)) ] || fail "the log holds $expected changes, expected $((writers * saves))"
printed() { for r in $(seq 0 "$restarts"); do grep -a '}$' "$E2E_TMP/out.$r"; done; }
deadline=$((SECONDS + 60))
until [ "$(printed | wc -l)" -ge "$expected" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "the watchers printed $(printed | wc -l) of $expected changes; missing: $(printed | jq -r .seq | diff - "$E2E_TMP/expected" | grep '^[<>]' | head -5 | tr '\n' ' '); restarted after: $(for r in $(seq 0 "$restarts"); do last_seq "$E2E_TMP/out.$r" -; done | tr '\n' ' ')"
    sleep 0.2
done
kill -TERM "$watcher"; wait "$watcher"
[ $? = 0 ] || fail "the watcher did not exit 0 on SIGTERM"

printed | jq -r .seq >"$E2E_TMP/seqs"
diff -q "$E2E_TMP/seqs" "$E2E_TMP/expected" >/dev/null \
    || fail "printed changes differ from the log (duplicates, gaps or order): $(diff "$E2E_TMP/seqs" "$E2E_TMP/expected" | head -5)"
# Per row: the stamps printed are the versions history has, in the same order.
for row in 1 2 3 4; do
    printed | jq -r --argjson k "$row" 'select(.key == $k) | .updated_at' >"$E2E_TMP/row.$row"
    n=$(wc -l <"$E2E_TMP/row.$row")
    rec history "$row" --json | jq -r '.[] | select(.replaced_at != null) | .replaced_at' | head -n "$n" | tac >"$E2E_TMP/hist.$row"
    diff -q "$E2E_TMP/row.$row" "$E2E_TMP/hist.$row" >/dev/null \
        || fail "row $row: printed versions differ from history: $(diff "$E2E_TMP/row.$row" "$E2E_TMP/hist.$row" | head -4)"
done
pass "$writers writers x $saves saves, $restarts watcher restarts: $expected changes printed exactly once, in order ($((SECONDS - began)) s)"
