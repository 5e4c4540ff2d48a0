#!/usr/bin/env bash
# 8 processes × 50 read-increment-save loops on one integer field through `recedit set --expect`,
# retrying on exit 3. No update may be lost: the final value equals the number of successful saves.
set -euo pipefail
BIN=${RECEDIT_BIN:?set RECEDIT_BIN to the recedit binary}
PROCS=${PROCS:-8}
LOOPS=${LOOPS:-50}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="sqlite:$dir/race.db"
"$BIN" --db "$db" init --demo >/dev/null
"$BIN" --db "$db" set 1 priority=0 >/dev/null

worker() {
    local n=$1 ok=0 retries=0 json value stamp rc
    while [ "$ok" -lt "$LOOPS" ]; do
        json=$("$BIN" --db "$db" show 1 --json)
        value=$(printf '%s\n' "$json" | sed -n 's/^ *"priority": \(-\{0,1\}[0-9]*\),\{0,1\}$/\1/p')
        stamp=$(printf '%s\n' "$json" | sed -n 's/^  "updated_at": "\(.*\)",$/\1/p')
        rc=0
        "$BIN" --db "$db" --user "worker$n" set 1 "priority=$((value + 1))" --expect "$stamp" >/dev/null 2>&1 || rc=$?
        case $rc in
            0) ok=$((ok + 1)) ;;
            3) retries=$((retries + 1)) ;;
            *) echo "worker $n: unexpected exit $rc" >&2; exit 1 ;;
        esac
    done
    echo "$ok $retries" > "$dir/worker$n"
}

for n in $(seq 1 "$PROCS"); do worker "$n" & done
fail=0
for job in $(jobs -p); do wait "$job" || fail=1; done
[ "$fail" = 0 ] || { echo "FAIL: a worker failed"; exit 1; }

successes=0 retries=0
for n in $(seq 1 "$PROCS"); do
    read -r ok r < "$dir/worker$n"
    successes=$((successes + ok)); retries=$((retries + r))
done
final=$("$BIN" --db "$db" show 1 --json | sed -n 's/^ *"priority": \([0-9]*\),$/\1/p')
integrity=$(sqlite3 "$dir/race.db" 'PRAGMA integrity_check')
history=$(sqlite3 "$dir/race.db" "SELECT count(*) FROM recedit_history WHERE row_key = 1")
echo "successes=$successes retries(exit 3)=$retries final=$final history_rows=$history integrity=$integrity"
[ "$successes" = $((PROCS * LOOPS)) ] || { echo "FAIL: expected $((PROCS * LOOPS)) successes"; exit 1; }
[ "$final" = "$successes" ] || { echo "FAIL: lost updates: final $final != successes $successes"; exit 1; }
[ "$integrity" = ok ] || { echo "FAIL: integrity_check: $integrity"; exit 1; }
# One history row per save (the initial priority=0 save included).
[ "$history" = $((successes + 1)) ] || { echo "FAIL: history rows $history != saves $((successes + 1))"; exit 1; }
echo "PASS sqlite-lost-update"
