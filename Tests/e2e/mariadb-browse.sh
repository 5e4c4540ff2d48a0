#!/usr/bin/env bash
# The table browser's two-terminal scenario (Tests/e2e/editor-browse.sh) on MariaDB: presence and the new title
# come through the table feed's polling (MariaDB has no NOTIFY).
E2E_MARIADB=1 exec bash "$(dirname "$0")/editor-browse.sh"
