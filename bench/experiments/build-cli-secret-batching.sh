#!/usr/bin/env bash
# Experiment for BENCHMARKS.md, never used by tests or the demo: builds the Pulumi CLI of
# .tools (scripts/bootstrap.sh first) with one change to how a checkpoint write encrypts secrets.
# Stock 3.276 keeps a ciphertext per secret across writes, but when any secret of a batch (up to
# 1000) is new, it encrypts the whole batch again and keeps every new ciphertext in two caches that
# never shrink. The change encrypts only the secrets the cache misses. Then compare:
#   PULUMI_ROOT=.tools/pulumi-experiment BENCH_VARIANTS=floor,floorSecrets,schedule … npm run bench -- engine
# Usage: bench/experiments/build-cli-secret-batching.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
V="$(node -p "require('$ROOT/node_modules/@pulumi/pulumi/package.json').version")"
STOCK="$ROOT/.tools/pulumi-build/v$V"
OUT="$ROOT/.tools/pulumi-experiment"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-modcacherw
export GOPATH="${GOPATH:-$ROOT/.tools/gopath}" GOCACHE="${GOCACHE:-$ROOT/.tools/gocache}"
[ -f "$STOCK/go.mod" ] || { echo "no stock CLI build at $STOCK: run scripts/bootstrap.sh first" >&2; exit 1; }

rm -rf "$OUT" && mkdir -p "$OUT/build" "$OUT/bin"
cp -r "$GOPATH/pkg/mod/github.com/pulumi/pulumi/pkg/v3@v$V" "$OUT/pkg" && chmod -R u+w "$OUT/pkg"
node - "$OUT/pkg/resource/stack/secrets.go" <<'JS'
const fs = require("node:fs");
const file = process.argv[2];
const text = fs.readFileSync(file, "utf8");
// The block of sendNextBatch between the ciphertexts slice and the loop that stores the results.
const from = text.indexOf("\tciphertexts := make([]string, len(dequeued))\n");
const to = text.indexOf("\tfor i, q := range dequeued {\n\t\tciphertext := ciphertexts[i]", from);
if (from < 0 || to < 0) throw new Error(`sendNextBatch is not as in 3.276 in ${file}: update the experiment`);
const replacement = [
    "\tciphertexts := make([]string, len(dequeued))",
    "\t// Experiment: encrypt only what the cache misses, not the whole batch.",
    "\tvar missed []int",
    "\tvar missedPlaintexts []string",
    "\tfor i, q := range dequeued {",
    "\t\tif ciphertext, ok := be.cache.LookupCiphertext(q.id, q.plaintext); ok {",
    "\t\t\tciphertexts[i] = ciphertext",
    "\t\t} else {",
    "\t\t\tmissed = append(missed, i)",
    "\t\t\tmissedPlaintexts = append(missedPlaintexts, q.plaintext)",
    "\t\t}",
    "\t}",
    "\tif len(missed) > 0 {",
    "\t\tencrypted, err := be.encrypter.BatchEncrypt(ctx, missedPlaintexts)",
    "\t\tif err != nil {",
    "\t\t\treturn err",
    "\t\t}",
    "\t\tfor j, i := range missed {",
    "\t\t\tciphertexts[i] = encrypted[j]",
    "\t\t}",
    "\t}",
    "",
].join("\n");
fs.writeFileSync(file, text.slice(0, from) + replacement + text.slice(to));
JS

cp "$STOCK/go.mod" "$STOCK/go.sum" "$OUT/build/"
echo "replace github.com/pulumi/pulumi/pkg/v3 => $OUT/pkg" >> "$OUT/build/go.mod"
cd "$OUT/build"
go build -mod=mod -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$V" \
    -o "$OUT/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
cp "$ROOT/.tools/pulumi-v$V/bin/pulumi-resource-pulumi-nodejs" "$OUT/bin/"
echo "built $OUT/bin/pulumi (v$V with the secret batching change)"
