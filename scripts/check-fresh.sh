#!/usr/bin/env bash
# Runs the whole test command (scripts/test.sh) as a new machine would: with
# an empty cargo cache (CARGO_HOME), so that every crate, build-std's own
# included, must be fetched by the set-up. The rustup toolchains stay usable:
# RUSTUP_HOME is left as it is, and the rustup proxies and installed tools
# (trunk, wasm-bindgen) stay on PATH from the old CARGO_HOME's bin folder.
#
# Usage: bash scripts/check-fresh.sh   (heavy: a full build from nothing)
set -euo pipefail
cd "$(dirname "$0")/.."

old_cargo_home=${CARGO_HOME:-$HOME/.cargo}
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
fresh_home=$(mktemp -d -t tfgrade-cargo-home.XXXXXX)
fresh_target=$(mktemp -d -t tfgrade-target.XXXXXX)
trap 'rm -rf "$fresh_home" "$fresh_target"' EXIT

export CARGO_HOME=$fresh_home
export CARGO_TARGET_DIR=$fresh_target
# Tools the set-up installs with `cargo install` go to the new CARGO_HOME;
# its bin folder comes first so that they are found there once installed.
export PATH="$fresh_home/bin:$old_cargo_home/bin:$PATH"

echo "check-fresh: CARGO_HOME=$CARGO_HOME (empty), RUSTUP_HOME=$RUSTUP_HOME"
started=$(date +%s)
if bash scripts/test.sh; then
  echo "check-fresh: passed with an empty cargo cache in $(( $(date +%s) - started ))s"
else
  status=$?
  echo "check-fresh: FAILED (status $status) after $(( $(date +%s) - started ))s" >&2
  exit "$status"
fi
