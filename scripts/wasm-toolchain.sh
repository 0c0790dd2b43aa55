# The nightly that builds the wasm app, pinned: build-std and immediate-abort
# panics are nightly-only. Sourced by install-tools.sh and build-app.sh.
WASM_NIGHTLY=nightly-2026-05-20
