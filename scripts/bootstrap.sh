#!/usr/bin/env bash
# Sets up everything the demo and the tests need, idempotently, cached in .tools/ (ignored):
#   1. Node >= 22 from PATH, else the npm package node@22 installed under .tools/node22;
#   2. npm ci when package-lock.json changed since the last install;
#   3. the Pulumi CLI from PATH when it is at least the @pulumi/pulumi version, else built from Go
#      modules (scripts/build-pulumi.sh), with pulumi-resource-pulumi-nodejs copied beside it;
#   4. the package compiled to dist/ and linked into node_modules under its own name, because the
#      serialized dynamic provider require()s it by package name from the program's folder.
# Writes .tools/env.sh, which the other scripts source. Nothing is fetched beyond the npm registry
# and the Go module proxy.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
mkdir -p "$TOOLS"
cd "$ROOT"
say() { printf '[bootstrap] %s\n' "$*" >&2; }

node_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$TOOLS/node22/node_modules/node/bin/node" ]; then
    say "Node $(node_major) on PATH is older than 22: installing node@22 from the npm registry"
    npm install --no-save --no-package-lock --prefix "$TOOLS/node22" node@22 >&2
  fi
  export PATH="$TOOLS/node22/node_modules/node/bin:$PATH"
fi
NODE_BIN="$(dirname "$(command -v node)")"
say "node $(node --version) ($NODE_BIN)"

lock_hash=$(sha256sum package-lock.json | cut -c1-16)
if [ ! -d node_modules ] || [ "$(cat "$TOOLS/npm-ci.stamp" 2>/dev/null)" != "$lock_hash" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund >&2
  echo "$lock_hash" > "$TOOLS/npm-ci.stamp"
fi

PULUMI_SDK_VERSION=$(node -p 'require("@pulumi/pulumi/package.json").version')
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]; }
PULUMI_ROOT=""
if command -v pulumi >/dev/null 2>&1; then
  have=$(pulumi version 2>/dev/null | sed 's/^v//')
  if [ -n "$have" ] && version_ge "$have" "$PULUMI_SDK_VERSION"; then
    PULUMI_ROOT="$(cd "$(dirname "$(readlink -f "$(command -v pulumi)")")/.." && pwd)"
    say "pulumi $have from PATH"
  fi
fi
if [ -z "$PULUMI_ROOT" ]; then
  PULUMI_ROOT="$TOOLS/pulumi-v$PULUMI_SDK_VERSION"
  if [ ! -x "$PULUMI_ROOT/bin/pulumi" ]; then
    say "building the Pulumi CLI v$PULUMI_SDK_VERSION from Go modules (once per machine; 10-20 minutes cold)"
    start=$(date +%s)
    bash "$ROOT/scripts/build-pulumi.sh" "$PULUMI_SDK_VERSION" "$PULUMI_ROOT/bin" >&2
    say "Pulumi CLI built in $(( $(date +%s) - start ))s"
  fi
  install -m 0755 node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs "$PULUMI_ROOT/bin/"
fi

ln -sfn .. node_modules/declarative-backups
say "compiling TypeScript"
npx tsc -p tsconfig.json

cat > "$TOOLS/env.sh" <<ENV
# Written by scripts/bootstrap.sh.
export PATH="$PULUMI_ROOT/bin:$NODE_BIN:\$PATH"
export PULUMI_ROOT="$PULUMI_ROOT"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
ENV
say "ready: pulumi $("$PULUMI_ROOT/bin/pulumi" version), node $(node --version)"
