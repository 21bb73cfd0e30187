#!/usr/bin/env bash
# Builds everything and serves the demo at http://127.0.0.1:8080/
# (PORT=9000 scripts/demo.sh for another port).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve.mjs --port "${PORT:-8080}"
