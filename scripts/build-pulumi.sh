#!/usr/bin/env bash
# Builds the Pulumi CLI from Go modules (the machines reach the Go module proxy but not
# get.pulumi.com). The Node.js language host module is not served by the proxy here (403 for its
# pseudo-versions), so programs run as Automation API inline programs, which need no language host.
# Usage: scripts/build-pulumi.sh <version> <bin-dir>
set -euo pipefail
V="$1"
# Absolute, because the build runs from its own folder below.
BIN="$(mkdir -p "$2" && cd "$2" && pwd)"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
W="$ROOT/.tools/pulumi-build/v$V"
mkdir -p "$W" "$BIN"
cd "$W"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-modcacherw
# Keep Go's caches inside .tools so a CI machine's home stays clean and the cache can be reused.
export GOPATH="${GOPATH:-$ROOT/.tools/gopath}" GOCACHE="${GOCACHE:-$ROOT/.tools/gocache}"


cat > go.mod <<GOMOD
module local/pulumi-build
go 1.26
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
GOMOD
rm -f go.sum
go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$V"
go get "github.com/pulumi/pulumi/sdk/v3@v$V"
go mod tidy
got=$(go list -m github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/sdk/v3 | awk '{print $2}' | sort -u)
[ "$got" = "v$V" ] || { echo "build-pulumi: resolved $got, expected v$V for pkg and sdk" >&2; exit 1; }

F=(-trimpath -tags osusergo,grpcnotrace -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$V")
go build "${F[@]}" -o "$BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
mv "$BIN/pulumi.tmp" "$BIN/pulumi"
