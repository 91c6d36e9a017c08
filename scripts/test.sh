#!/usr/bin/env bash
# Runs the whole test suite: unit tests, and end-to-end tests that drive the real Pulumi engine
# against the emulators. Sets everything up first (scripts/bootstrap.sh).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
export DECLARATIVE_BACKUPS_RETRY_BASE_MS="${DECLARATIVE_BACKUPS_RETRY_BASE_MS:-50}"
echo "[test] typechecking the azure-native example" >&2
npx tsc -p examples/app-service-backups-azure-native/tsconfig.json --noEmit
start=$(date +%s)
if [ $# -eq 0 ]; then set -- "test/unit/**/*.test.ts" "test/e2e/**/*.e2e.ts"; fi
log="$ROOT/.tools/last-test-run.log"
status=0
npx mocha "$@" 2>&1 | tee "$log" || status=$?
passed=$(sed -n 's/^ *\([0-9][0-9]*\) passing.*/\1/p' "$log" | tail -1)
failed=$(sed -n 's/^ *\([0-9][0-9]*\) failing.*/\1/p' "$log" | tail -1)
skipped=$(sed -n 's/^ *\([0-9][0-9]*\) pending.*/\1/p' "$log" | tail -1)
echo "[test] suite wall time: $(( $(date +%s) - start ))s" >&2
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
