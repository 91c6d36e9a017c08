#!/usr/bin/env bash
# Runs the whole test suite: unit tests, and end-to-end tests that drive the real Pulumi engine
# against the emulators. Sets everything up first (scripts/bootstrap.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh
. .tools/env.sh
# The emulator's CA must exist before mocha starts: Node reads NODE_EXTRA_CA_CERTS only at start-up.
NODE_EXTRA_CA_CERTS="$(node dist/emulator/main.js ensure-ca)"
export NODE_EXTRA_CA_CERTS
export DECLARATIVE_BACKUPS_RETRY_BASE_MS="${DECLARATIVE_BACKUPS_RETRY_BASE_MS:-50}"
echo "[test] typechecking the azure-native example" >&2
npx tsc -p examples/app-service-backups-azure-native/tsconfig.json --noEmit
start=$(date +%s)
if [ $# -eq 0 ]; then set -- "test/unit/**/*.test.ts" "test/e2e/**/*.e2e.ts"; fi
npx mocha "$@"
echo "[test] suite wall time: $(( $(date +%s) - start ))s" >&2
