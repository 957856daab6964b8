# Sourced by the build scripts: selects Debian's Rust and build-std for the
# wasm32 build, and puts the npm wasm-opt on PATH. Native cargo commands run in
# other shells keep the default toolchain.
export RUSTUP_TOOLCHAIN=debian
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
