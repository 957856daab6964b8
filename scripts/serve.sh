#!/usr/bin/env bash
# Sets everything up, builds the page and serves it on http://127.0.0.1:${PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-web.sh
exec node scripts/static-server.mjs dist "${PORT:-8080}"
