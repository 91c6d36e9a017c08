#!/usr/bin/env bash
# Runs the whole test suite: unit tests, and end-to-end tests that drive the real Pulumi engine
# against the emulators. Sets everything up first (scripts/bootstrap.sh).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
export DECLARATIVE_BACKUPS_RETRY_BASE_MS="${DECLARATIVE_BACKUPS_RETRY_BASE_MS:-50}"
# Tests run transpile-only (ts-node), so their types are checked here once.
echo "[test] typechecking the tests" >&2
npx tsc -p tsconfig.test.json
echo "[test] typechecking the azure-native examples" >&2
for example in examples/*-azure-native/tsconfig.json; do
    npx tsc -p "$example" --noEmit
done
start=$(date +%s)
# Each end-to-end file runs in a mocha process of its own: the Automation API attributes any unhandled
# rejection in the process to the inline program running at that moment, so a late gRPC failure left
# over from one file's engine runs must not land in the next file's. Unit tests share one process.
runs=()
if [ $# -eq 0 ]; then
    runs+=("test/unit/**/*.test.ts")
    for file in test/e2e/*.e2e.ts; do runs+=("$file"); done
else
    runs+=("$*")
fi
log="$ROOT/.tools/last-test-run.log"
: >"$log"
status=0
passed=0 failed=0 skipped=0
# The number on mocha's last "N passing|failing|pending" line of a log, 0 when there is none.
mocha_count() { sed -n "s/^ *\([0-9][0-9]*\) $1.*/\1/p" "$2" | tail -1 | grep . || echo 0; }
set -f # globs in a run are mocha's to expand (it knows **)
# Runs go DECLARATIVE_BACKUPS_TEST_JOBS at a time (default 2): an engine run mostly waits (on the CLI,
# the provider process, polls), so two share the 2-core CI machine well. Each run's output is printed
# whole when it ends, so files never interleave.
jobs_max="${DECLARATIVE_BACKUPS_TEST_JOBS:-2}"
outdir="$(mktemp -d)"
declare -A running=()
finish() {
    local index="$1" code
    cat "$outdir/$index.log"
    cat "$outdir/$index.log" >>"$log"
    code="$(cat "$outdir/$index.status" 2>/dev/null || echo 1)"
    [ "$code" = 0 ] || status="$code"
    passed=$(( passed + $(mocha_count passing "$outdir/$index.log") ))
    failed=$(( failed + $(mocha_count failing "$outdir/$index.log") ))
    skipped=$(( skipped + $(mocha_count pending "$outdir/$index.log") ))
}
next=0
while [ "$next" -lt "${#runs[@]}" ] || [ "${#running[@]}" -gt 0 ]; do
    while [ "$next" -lt "${#runs[@]}" ] && [ "${#running[@]}" -lt "$jobs_max" ]; do
        # shellcheck disable=SC2086 # a run is a list of globs and files, expanded by mocha
        ( npx mocha ${runs[$next]} >"$outdir/$next.log" 2>&1; echo $? >"$outdir/$next.status" ) &
        running[$!]="$next"
        next=$(( next + 1 ))
    done
    wait -n || true
    for pid in "${!running[@]}"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            finish "${running[$pid]}"
            unset "running[$pid]"
        fi
    done
done
rm -rf "$outdir"
echo "[test] suite wall time: $(( $(date +%s) - start ))s" >&2
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
