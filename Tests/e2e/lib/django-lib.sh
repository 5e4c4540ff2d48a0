# Shared helpers for the Django tests (Tests/e2e/django-*.sh): a real Django project (Tests/django/project,
# copied into a temp dir), run by the venv scripts/django-env makes, on each database of DJANGO_DBS.
#
#   DJANGO_DBS       the databases, in order (default: "sqlite postgres mariadb"). postgres needs
#                    RECEDIT_TEST_PG, mariadb RECEDIT_TEST_MARIADB (URLs, from scripts/pg-server and scripts/mariadb-server).
#   RECEDIT_DJANGO_PYTHON  the venv's python; when unset, scripts/django-env makes or reuses the venv. A venv
#                    that cannot be made is a failure, never a skip.
#
# Needs: $RECEDIT_BIN (the built recedit), jq.

DJANGO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
DJANGO_TOOL="$DJANGO_ROOT/Tests/django/djtool.py"

django_fail() { echo "FAIL [$(basename "$0" .sh)]: $*" >&2; exit 1; }

if [ -z "${RECEDIT_DJANGO_PYTHON:-}" ]; then
    RECEDIT_DJANGO_PYTHON="$("$DJANGO_ROOT/scripts/django-env" --python)" \
        || django_fail "cannot make the Django venv (scripts/django-env failed; see above)"
    export RECEDIT_DJANGO_PYTHON
fi
[ -x "$RECEDIT_DJANGO_PYTHON" ] || django_fail "RECEDIT_DJANGO_PYTHON=$RECEDIT_DJANGO_PYTHON is not executable"

# The databases to run on. `mariadb` needs RECEDIT_TEST_MARIADB, a mysql:// URL (scripts/mariadb-server start).
django_dbs() { echo "${DJANGO_DBS:-sqlite postgres mariadb}"; }

# django_project DIR: a fresh copy of the test project in DIR (its migrations included).
django_project() {
    mkdir -p "$1" && cp -R "$DJANGO_ROOT/Tests/django/project/." "$1/" || django_fail "cannot copy the Django project to $1"
    find "$1" -name __pycache__ -prune -exec rm -rf {} +
}

# dj PROJECT COMMAND ARGS...: Tests/django/djtool.py on RECEDIT_DJANGO_DB.
dj() { "$RECEDIT_DJANGO_PYTHON" "$DJANGO_TOOL" "$@"; }

# django_new_db KIND WORKDIR: prints the URL of a fresh database of KIND (sqlite, postgres, mariadb) for
# recedit and Django alike; django_drop_dbs drops the server databases this process made.
django_new_db() {
    local kind=$1 work=$2 name="recedit_django_$$_$RANDOM"
    case "$kind" in
        sqlite) echo "sqlite:$work/$name.db" ;;
        postgres)
            : "${RECEDIT_TEST_PG:?postgres needs RECEDIT_TEST_PG (scripts/pg-server start)}"
            [[ $RECEDIT_TEST_PG == postgres*://*/* ]] || django_fail "RECEDIT_TEST_PG must be a postgresql:// URL for Django"
            psql "$RECEDIT_TEST_PG" -qAtX -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$name\"" >/dev/null \
                || django_fail "cannot create PostgreSQL database $name"
            local url=${RECEDIT_TEST_PG%%\?*}
            echo "${url%/*}/$name"
            ;;
        mariadb)
            : "${RECEDIT_TEST_MARIADB:?mariadb needs RECEDIT_TEST_MARIADB (scripts/mariadb-server start)}"
            [[ $RECEDIT_TEST_MARIADB == mysql://*/* || $RECEDIT_TEST_MARIADB == mariadb://*/* ]] \
                || django_fail "RECEDIT_TEST_MARIADB must be a mysql:// URL for Django"
            django_mariadb "CREATE DATABASE \`$name\` CHARACTER SET utf8mb4" || django_fail "cannot create MariaDB database $name"
            local url=${RECEDIT_TEST_MARIADB%%\?*}
            echo "${url%/*}/$name"
            ;;
        *) django_fail "unknown database kind '$kind' in DJANGO_DBS" ;;
    esac
}

# django_mariadb SQL: the mariadb client on RECEDIT_TEST_MARIADB's server (mysql://user[:pass]@host:port/db; the
# password goes through MYSQL_PWD, never argv).
django_mariadb() {
    local rest=${RECEDIT_TEST_MARIADB#*://} auth host port user pass=""
    rest=${rest%%/*}; auth=${rest%@*}; host=${rest##*@}
    user=${auth%%:*}; [[ $auth == *:* ]] && pass=${auth#*:}
    port=${host##*:}; host=${host%:*}
    MYSQL_PWD="$pass" mariadb -h "$host" -P "$port" -u "$user" -N -B -e "$1"
}

# django_new_db runs in $(...), so it cannot leave a list behind: the databases are found by name.
django_drop_dbs() {
    local name
    if [ -n "${RECEDIT_TEST_PG:-}" ]; then
        for name in $(psql "$RECEDIT_TEST_PG" -qAtX -c "SELECT datname FROM pg_database WHERE datname LIKE 'recedit\_django\_$$\_%'" 2>/dev/null); do
            psql "$RECEDIT_TEST_PG" -qAtX -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null 2>&1
        done
    fi
    if [ -n "${RECEDIT_TEST_MARIADB:-}" ]; then
        for name in $(django_mariadb "SHOW DATABASES LIKE 'recedit\\_django\\_$$\\_%'" 2>/dev/null); do
            django_mariadb "DROP DATABASE IF EXISTS \`$name\`" >/dev/null 2>&1
        done
    fi
}
