# A Redis for the cache-invalidation tests, sourced after editor-lib.sh. Uses the one scripts/test started
# (RECEDIT_TEST_REDIS_PORT), else starts a throwaway one (scripts/redis-server) for this test. A missing Redis is
# a failure, never a skip.
E2E_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
if [ -z "${RECEDIT_TEST_REDIS_PORT:-}" ]; then
    E2E_REDIS_DIR="$E2E_TMP/redis"
    eval "$("$E2E_ROOT/scripts/redis-server" start "$E2E_REDIS_DIR")" || fail "no Redis: scripts/redis-server could not start one"
    redis_cleanup() { "$E2E_ROOT/scripts/redis-server" stop "$E2E_REDIS_DIR" >/dev/null 2>&1; e2e_cleanup; }
    trap redis_cleanup EXIT
fi
command -v redis-cli >/dev/null || fail "redis-cli is not installed (apt-get install redis-server)"
REDIS_PORT="$RECEDIT_TEST_REDIS_PORT"
[ "$(redis-cli -p "$REDIS_PORT" PING 2>/dev/null)" = PONG ] || fail "Redis on port $REDIS_PORT does not answer"
rcli() { redis-cli -p "$REDIS_PORT" "$@"; }
