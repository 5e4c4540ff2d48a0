#!/usr/bin/env bash
# The editor's two-terminal scenarios (same field: Conflict screen; different fields: merged) on PostgreSQL,
# and the editor staying live while another session holds a lock it waits for.
set -uo pipefail
here="$(dirname "$0")"
status=0
for scenario in editor-conflict editor-merge editor-busy; do
    E2E_PG=1 bash "$here/$scenario.sh" || status=1
done
exit $status
