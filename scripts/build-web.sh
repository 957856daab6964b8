#!/usr/bin/env bash
# Builds the web page into dist/ (release, wasm-opt -Oz).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env-wasm.sh
trunk build --release
