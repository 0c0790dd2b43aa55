#!/usr/bin/env bash
# Real OGC API clients against the real server: see conformance/run.py.
# Needs scripts/install-conformance-tools.sh and `cargo build -p atlas-server` first.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv-conformance/bin/python conformance/run.py "$@"
