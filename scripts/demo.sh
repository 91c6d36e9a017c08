#!/usr/bin/env bash
# The main job: sets everything up, starts the embedded Azure emulator and runs the quickstart
# through the real Pulumi engine - up, drift made out of band and detected, repair, destroy.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh
. .tools/env.sh
NODE_EXTRA_CA_CERTS="$(node dist/emulator/main.js ensure-ca)"
export NODE_EXTRA_CA_CERTS
node dist/demo/main.js "$@"
