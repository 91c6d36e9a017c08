#!/usr/bin/env bash
# Benchmarks (scripts that print numbers): the ARM client and SAS rotation against the emulator.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
node dist/bench/armClient.js
node dist/bench/sasRotation.js
