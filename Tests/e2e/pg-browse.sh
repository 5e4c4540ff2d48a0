#!/usr/bin/env bash
# The table browser's two-terminal scenario (Tests/e2e/editor-browse.sh) on PostgreSQL: presence and the new
# title come through LISTEN/NOTIFY.
E2E_PG=1 exec bash "$(dirname "$0")/editor-browse.sh"
