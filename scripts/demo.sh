#!/usr/bin/env bash
# The main job: sets everything up, starts the embedded Azure emulator and runs the quickstart
# through the real Pulumi engine - up, drift made out of band and detected, repair, destroy.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
node dist/demo/main.js "$@"
