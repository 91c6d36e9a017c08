#!/usr/bin/env bash
# Experiment for BENCHMARKS.md, never used by tests or the demo: makes a CLI folder whose `pulumi`
# is the CLI of .tools run with `--profiling` on `up`, `refresh` and `destroy`, so a bench run
# leaves a Go CPU and heap profile per operation and stack. Then, for example:
#   PULUMI_ROOT=.tools/pulumi-profiling BENCH_N=600 BENCH_VARIANTS=floor,floorSecrets,schedule BENCH_OPERATIONS=up npm run bench -- engine
#   go tool pprof -top -cum .tools/pulumi-v<version>/bin/pulumi .test-work/cli-profiles/up-<stack folder>-<pid>.<pid>.cpu
# Usage: bench/experiments/profile-cli.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
V="$(node -p "require('$ROOT/node_modules/@pulumi/pulumi/package.json').version")"
REAL="$ROOT/.tools/pulumi-v$V/bin"
OUT="$ROOT/.tools/pulumi-profiling/bin"
PROFILES="$ROOT/.test-work/cli-profiles"
[ -x "$REAL/pulumi" ] || { echo "no CLI at $REAL: run scripts/bootstrap.sh first" >&2; exit 1; }
mkdir -p "$OUT" "$PROFILES"
cat > "$OUT/pulumi" <<WRAPPER
#!/usr/bin/env bash
# The Automation API runs the CLI in the stack's folder: its name tells the stacks apart.
for arg in "\$@"; do
    case "\$arg" in
        up|refresh|destroy) exec "$REAL/pulumi" "\$@" --profiling="$PROFILES/\$arg-\$(basename "\$PWD")-\$\$" ;;
    esac
done
exec "$REAL/pulumi" "\$@"
WRAPPER
chmod +x "$OUT/pulumi"
ln -sf "$REAL/pulumi-resource-pulumi-nodejs" "$OUT/pulumi-resource-pulumi-nodejs"
echo "PULUMI_ROOT=$(dirname "$OUT") runs the profiling CLI; profiles go to $PROFILES"
