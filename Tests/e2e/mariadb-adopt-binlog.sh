#!/usr/bin/env bash
# adopt under binary logging: a MariaDB server of its own started with --log-bin refuses triggers from a user
# without SUPER; `recedit adopt` says to set log_bin_trust_function_creators and changes nothing; with it set,
# adopt works. The user's password travels in MYSQL_PWD, never in argv.
set -euo pipefail
: "${RECEDIT_BIN:?set RECEDIT_BIN to the built recedit binary}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir=$(mktemp -d /tmp/recedit-binlog.XXXXXX)
trap '"$root/scripts/mariadb-server" stop "$dir" >/dev/null 2>&1 || true' EXIT
eval "$(MARIADB_SERVER_ARGS="--log-bin=$dir/binlog --server-id=1" "$root/scripts/mariadb-server" start "$dir")"
sql() { mariadb --no-defaults -uroot --socket="$dir/mysqld.sock" -N -B -e "$1"; }
[ "$(sql 'SELECT @@log_bin')" = 1 ] || { echo "FAIL: binary logging is not on" >&2; exit 1; }
sql "CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY, name TEXT);
     CREATE USER 'appuser'@'%' IDENTIFIED BY 'app-pw'; GRANT ALL ON app.* TO 'appuser'@'%'"
url="mysql://appuser@127.0.0.1:$(cat "$dir/port")/app"
rc=0
err=$(MYSQL_PWD=app-pw "$RECEDIT_BIN" --db "$url" adopt --table t 2>&1 >/dev/null) || rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL: adopt exited $rc: $err" >&2; exit 1; }
grep -q "log_bin_trust_function_creators" <<<"$err" || { echo "FAIL: the refusal does not name log_bin_trust_function_creators: $err" >&2; exit 1; }
[ "$(sql "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'app' AND TABLE_NAME = 't'")" = 2 ] \
    || { echo "FAIL: the refused adopt changed the table" >&2; exit 1; }
sql "SET GLOBAL log_bin_trust_function_creators = 1"
MYSQL_PWD=app-pw "$RECEDIT_BIN" --db "$url" adopt --table t >/dev/null || { echo "FAIL: adopt failed with log_bin_trust_function_creators = 1" >&2; exit 1; }
echo "PASS mariadb-adopt-binlog"
