#!/usr/bin/env bash
# Benchmarks (scripts that print numbers): the ARM client against the emulator.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh
. .tools/env.sh
NODE_EXTRA_CA_CERTS="$(node dist/emulator/main.js ensure-ca)"
export NODE_EXTRA_CA_CERTS
node dist/bench/armClient.js
