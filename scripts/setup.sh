#!/usr/bin/env bash
# Installs what building, serving and testing tfgrade needs on a fresh Debian
# machine, and skips whatever is already there. Safe to run any number of times.
#
# Native builds and tests use the machine's default (rustup) toolchain. Only
# the wasm build uses Debian's Rust, because rustup here has no wasm32 target
# and cannot download one; Debian ships the standard library sources, which
# cargo's build-std compiles for wasm32 (see scripts/env-wasm.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION="0.21.14"
APT_PACKAGES=(rustc-web cargo-web rust-web-src rust-web-clippy lld chromium chromium-driver)

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# 1. Debian packages: Debian's Rust for wasm32 with its std sources, the wasm
#    linker, and the browser the end-to-end tests drive.
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  say "Debian packages present: ${APT_PACKAGES[*]}"
fi

# 2. The Debian toolchain, selectable as RUSTUP_TOOLCHAIN=debian, with the std
#    sources where build-std looks for them.
debian_src=$(ls -d /usr/src/rustc-*/ 2>/dev/null | sort -V | tail -n 1)
debian_src=${debian_src%/}
if [ -z "$debian_src" ]; then
  echo "setup: no /usr/src/rustc-* after installing rust-web-src" >&2
  exit 1
fi
if [ "$(readlink /usr/lib/rustlib/src/rust 2>/dev/null)" != "$debian_src" ]; then
  say "linking $debian_src as the std sources of Debian's Rust"
  mkdir -p /usr/lib/rustlib/src
  ln -sfn "$debian_src" /usr/lib/rustlib/src/rust
else
  say "std sources linked: $debian_src"
fi
if ! rustup toolchain list | grep -q '^debian'; then
  say "registering Debian's Rust as rustup toolchain 'debian'"
  rustup toolchain link debian /usr
else
  say "rustup toolchain 'debian' present"
fi

# 2b. The standard library's own dependencies (dlmalloc, hashbrown, ...):
#     build-std compiles std for wasm32 and the web build runs offline, so they
#     must be in the cargo cache first. Fetching is a no-op once they are.
std_manifest=/usr/lib/rustlib/src/rust/library/Cargo.toml
if RUSTUP_TOOLCHAIN=debian cargo fetch --offline --manifest-path "$std_manifest" >/dev/null 2>&1; then
  say "build-std crates cached"
else
  say "fetching build-std crates for $std_manifest"
  RUSTUP_TOOLCHAIN=debian cargo fetch --manifest-path "$std_manifest"
fi

# 3. wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (the
#    generated glue and the library must match).
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wbg_version" ]; then
  echo "setup: wasm-bindgen not found in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version (takes a few minutes)"
  # Not --locked: its lock file names a dependency version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$wbg_version"
else
  say "wasm-bindgen-cli $wbg_version present"
fi

# 4. Trunk, pinned: 0.22 needs a newer rustc than the machine's.
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (takes ~15 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
else
  say "trunk $TRUNK_VERSION present"
fi

# 5. npm packages from the committed lock file: wasm-opt (binaryen; Debian's is
#    too old for this output), playwright-core and axe-core for browser tests.
if [ ! -d node_modules ] || ! cmp -s package-lock.json node_modules/.package-lock.json; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
else
  say "npm packages up to date"
fi
say "ready"
