#!/usr/bin/env bash
# Installs every build tool the project needs, skipping what is already present
# at the right version, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# The CLI must equal the wasm-bindgen crate exactly; Cargo.toml pins it with `=`.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The wasm app builds on a pinned nightly (scripts/build-app.sh): std rebuilt
# for the wasm needs its sources, its wasm target, and std's own dependencies
# fetched once so that later builds run offline.
source scripts/wasm-toolchain.sh
if ! rustup run "$WASM_NIGHTLY" rustc --print target-list >/dev/null 2>&1 \
  || ! rustup component list --toolchain "$WASM_NIGHTLY" --installed | grep -q '^rust-src' \
  || ! rustup target list --toolchain "$WASM_NIGHTLY" --installed | grep -qx wasm32-unknown-unknown; then
  say "installing $WASM_NIGHTLY with rust-src and the wasm32 target (for the wasm app only)"
  rustup toolchain install "$WASM_NIGHTLY" --profile minimal \
    --component rust-src --target wasm32-unknown-unknown
fi
STD_FETCHED="$(rustc +"$WASM_NIGHTLY" --print sysroot)/lib/rustlib/src/rust/library/.atlas-fetched"
if ! [ -e "$STD_FETCHED" ]; then
  say "fetching std's dependencies for $WASM_NIGHTLY"
  cargo +"$WASM_NIGHTLY" fetch --manifest-path "$(dirname "$STD_FETCHED")/Cargo.toml"
  touch "$STD_FETCHED"
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 9 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 8 minutes, once)"
  # Not --locked: one of its pinned dependencies is missing from the registry mirror.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! [ -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (binaryen, esbuild, world-atlas, playwright-core)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
