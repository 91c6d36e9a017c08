#!/usr/bin/env bash
# The main job: sets everything up, starts the embedded Azure emulator and runs the quickstart
# through the real Pulumi engine - up, drift made out of band and detected, repair, destroy.
# DECLARATIVE_BACKUPS_DEMO_BACKEND=azblob bash scripts/demo.sh keeps the state in the emulator's blob
# storage (Pulumi's azblob:// backend, as a team would) instead of a local folder.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
node dist/demo/main.js "$@"
