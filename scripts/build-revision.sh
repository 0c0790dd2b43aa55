#!/usr/bin/env bash
# Builds the release server of another git revision into DIR, for a benchmark
# of before and after (make bench-ab): the revision's files in DIR/src (from
# git archive), its binary at DIR/target/release/atlas. A second run for the
# same revision builds nothing.
#
# Usage: scripts/build-revision.sh REVISION DIR
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 2 ]; then
  echo "usage: scripts/build-revision.sh REVISION DIR" >&2
  exit 2
fi
commit=$(git rev-parse --verify --quiet "$1^{commit}") || {
  echo "build-revision: '$1' is not a commit of this repository" >&2
  exit 2
}
dir=$2
if [ -x "$dir/target/release/atlas" ] && [ "$(cat "$dir/commit" 2>/dev/null)" = "$commit" ]; then
  exit 0
fi
rm -rf "$dir/src"
mkdir -p "$dir/src"
git archive "$commit" | tar -x -C "$dir/src"
(cd "$dir/src" && CARGO_TARGET_DIR="$PWD/../target" cargo build --release -p atlas-server)
echo "$commit" > "$dir/commit"
