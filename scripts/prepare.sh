# Sourced by the entry-point scripts: sets everything up (bootstrap.sh), loads the toolchain's
# environment, and trusts the emulator's CA, which must exist before Node starts because Node reads
# NODE_EXTRA_CA_CERTS only at start-up.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh
. .tools/env.sh
NODE_EXTRA_CA_CERTS="$(node dist/emulator/main.js ensure-ca)"
export NODE_EXTRA_CA_CERTS
