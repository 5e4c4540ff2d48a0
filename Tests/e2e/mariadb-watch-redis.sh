#!/usr/bin/env bash
# The Redis cache-invalidation scenario and the watcher storm on MariaDB (the watcher polls the change counter).
here="$(dirname "$0")"
status=0
for scenario in watch-redis watch-storm; do
    E2E_MARIADB=1 bash "$here/$scenario.sh" || status=1
done
exit $status
