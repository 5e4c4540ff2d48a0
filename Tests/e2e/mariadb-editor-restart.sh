#!/usr/bin/env bash
# The MariaDB server is killed and started again (scripts/mariadb-server restart) while alice has unsaved edits:
# the editor keeps the edits, reconnects, and the save lands exactly once.
E2E_MARIADB=1
source "$(dirname "$0")/lib/editor-lib.sh"
: "${RECEDIT_TEST_MARIADB_DIR:?needs RECEDIT_TEST_MARIADB_DIR from scripts/mariadb-server}"
root="$(cd "$(dirname "$0")/../.." && pwd)"

start_editor alice alice
wait_claimed alice alice
keys alice End C-u
type_text alice "Survives a restart"
wait_for alice "Survives a restart"

"$root/scripts/mariadb-server" restart "$RECEDIT_TEST_MARIADB_DIR" >/dev/null || fail "mariadb-server restart failed"
keys alice C-s
deadline=$((SECONDS + 20))
until screen alice | grep -qF "Saved"; do
    [ "$SECONDS" -ge "$deadline" ] && fail "no successful save within 20 s of the restart"
    sleep 1
    screen alice | grep -qF "Saved" || keys alice C-s
done
expect_eq "title after the restart" "$(field 1 title)" "Survives a restart"
saves="$(rec history 1 --json | jq '[.[] | select(.fields.title == "Quarterly report")] | length')"
expect_eq "versions replaced by the save" "$saves" "1"
expect_eq "history length (the save landed once)" "$(rec history 1 --json | jq length)" "1"
keys alice C-q
wait_exit alice 0
pass
