#!/usr/bin/env bash
# Benchmarks (scripts that print numbers, never timed tests). Sets everything up first, as the tests do.
#   bash scripts/bench.sh            all of them
#   bash scripts/bench.sh engine     only the named ones: engine, arm, sas
# engine: our resources through the Pulumi engine against the floor (BENCHMARKS.md; settings through
#         BENCH_N, BENCH_REPEAT, BENCH_VARIANTS, BENCH_OPERATIONS, BENCH_LATENCY_N, BENCH_LATENCY_MS,
#         BENCH_BACKENDS, BENCH_AZBLOB_N: the file backend, and blob storage at N = 200);
# arm:    the ARM client against the emulator; sas: SAS rotation against the emulator and its storage.
# stress: (not in the default set; about an hour) many engine runs of inline programs in one process,
#         counted by outcome (issue 13; STRESS_RUNS, STRESS_LOAD, STRESS_STACKS, see bench/engineStress.ts).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
benches=("$@")
[ ${#benches[@]} -gt 0 ] || benches=(arm sas engine)
for bench in "${benches[@]}"; do
    case "$bench" in
        arm) node dist/bench/armClient.js ;;
        sas) node dist/bench/sasRotation.js ;;
        engine) node dist/bench/engineOperations.js ;;
        stress) node dist/bench/engineStress.js ;;
        *) echo "[bench] unknown benchmark: $bench (known: arm, sas, engine, stress)" >&2; exit 2 ;;
    esac
done
