#!/usr/bin/env bash
# The editor's two-terminal scenarios (same field: Conflict screen; different fields: merged) on MariaDB.
set -uo pipefail
here="$(dirname "$0")"
status=0
for scenario in editor-conflict editor-merge; do
    E2E_MARIADB=1 bash "$here/$scenario.sh" || status=1
done
exit $status
