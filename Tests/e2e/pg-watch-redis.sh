#!/usr/bin/env bash
# The Redis cache-invalidation scenario and the watcher storm on PostgreSQL (LISTEN/NOTIFY).
here="$(dirname "$0")"
status=0
for scenario in watch-redis watch-storm; do
    E2E_PG=1 bash "$here/$scenario.sh" || status=1
done
exit $status
