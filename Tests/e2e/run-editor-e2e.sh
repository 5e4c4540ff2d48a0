#!/usr/bin/env bash
# Runs every editor end-to-end scenario (Tests/e2e/editor-*.sh) in real terminals (tmux).
#
#   RECEDIT_BIN=.build/debug/recedit Tests/e2e/run-editor-e2e.sh [NAME-FILTER]
#
# Prints each scenario's result and "N passed, M failed"; exits non-zero when any failed.
# Needs tmux and jq.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ -z "${RECEDIT_BIN:-}" ]; then
    for candidate in "$here/../../.build/debug/recedit" "$here/../../.build/release/recedit"; do
        [ -x "$candidate" ] && RECEDIT_BIN="$candidate" && break
    done
fi
[ -n "${RECEDIT_BIN:-}" ] || { echo "set RECEDIT_BIN to the built recedit (swift build --product recedit)" >&2; exit 2; }
export RECEDIT_BIN

passed=0
failed=0
failures=()
for test in "$here"/editor-*.sh; do
    name="$(basename "$test" .sh)"
    [ -n "${1:-}" ] && [[ "$name" != *"$1"* ]] && continue
    start=$SECONDS
    if bash "$test" </dev/null; then
        passed=$((passed + 1))
        echo "ok   $name ($((SECONDS - start))s)"
    else
        failed=$((failed + 1))
        failures+=("$name")
        echo "FAIL $name ($((SECONDS - start))s)"
    fi
done
echo "$passed passed, $failed failed${failures[*]:+: ${failures[*]}}"
[ "$failed" -eq 0 ]
