#!/usr/bin/env bash
# Sets everything up and runs every test: formatting and lints, the native
# unit, integration and corpus tests, then the browser tests against the
# built page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n\033[1m== %s\033[0m (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "setup"
bash scripts/setup.sh

step "format"
cargo fmt --all -- --check

step "lints"
cargo clippy --workspace --exclude tfgrade-web --all-targets --locked -- -D warnings
# The web crate builds only for wasm32, with Debian's toolchain and build-std.
(source scripts/env-wasm.sh &&
  cargo clippy -p tfgrade-web --target wasm32-unknown-unknown --locked -- -D warnings)

export INSTA_UPDATE=no  # a snapshot mismatch fails; never write new snapshots here

step "native tests (core, cli)"
cargo test --workspace --exclude tfgrade-web --locked

step "web build (wasm)"
bash scripts/build-web.sh

step "browser tests (headless Chromium)"
node --test --test-concurrency=1 tests/e2e/

step "all tests passed in $(( $(date +%s) - start ))s"
