#!/usr/bin/env bash
# Builds the wasm apps with Trunk (the reader into dist/, the editor into
# dist/edit/, the story page into dist/story/, the presenter's page into dist/present/), on the pinned nightly with std rebuilt for the wasm and panics
# that abort at once: the app is size-bound,
# and these take about a tenth off its download. The server and every other
# build stay on stable; the nightly build keeps its own target folder so the
# two never invalidate each other's artifacts.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-toolchain.sh

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export RUSTUP_TOOLCHAIN="$WASM_NIGHTLY"
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_DIR="$PWD/target/nightly-wasm"
# Cargo reads these instead of .cargo/config.toml's wasm rustflags, so the
# config's flags are repeated here (see that file for why each is there).
flags=(
  --cfg erase_components
  --remap-path-prefix=/root/.cargo/registry/src=/cargo/registry/src
  --remap-path-prefix=/root/.cargo/git/checkouts=/cargo/git
  --remap-path-prefix=/root/.rustup=/rustup
  -Zunstable-options -Cpanic=immediate-abort
  -Zlocation-detail=none -Zfmt-debug=none
)
CARGO_ENCODED_RUSTFLAGS=$(IFS=$'\x1f'; echo "${flags[*]}")
export CARGO_ENCODED_RUSTFLAGS

# The reader first: Trunk replaces its whole dist folder, the other pages' folders included.
trunk build --release --offline "$@"
# The editor is a page of its own, so readers never download the editing code.
trunk build --release --offline --dist dist/edit --public-url /edit/ editor/index.html
# So is the story page (the player and the speaker view): readers never
# download the player, presenters get only what a story needs.
trunk build --release --offline --dist dist/story --public-url /story/ app/story.html
# And the presenter's page (the reader with the story builder, Export and
# Embed): readers never download the presenter's tools.
trunk build --release --offline --dist dist/present --public-url /present/ app/present.html
# Trunk's minifier gives up on wasm-bindgen's loader: esbuild minifies it (and its integrity hash).
for page in dist dist/edit dist/story dist/present; do
  node scripts/minify-glue.mjs "$page"
done
node scripts/precompress.mjs dist
node scripts/precompress.mjs dist/edit
node scripts/precompress.mjs dist/story
node scripts/precompress.mjs dist/present
