#!/usr/bin/env bash
# Installs the real OGC API clients the conformance run drives: GDAL's ogrinfo
# (Debian's gdal-bin) and, in .venv-conformance/, OWSLib and Schemathesis at
# pinned versions. Skips whatever is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

OWSLIB_VERSION=0.35.0
SCHEMATHESIS_VERSION=4.32.5
VENV=.venv-conformance

if ! command -v ogrinfo >/dev/null 2>&1; then
  echo "==> installing Debian's gdal-bin (ogrinfo)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi
  # Update the package lists only when apt does not know gdal-bin yet.
  if ! apt-cache show gdal-bin >/dev/null 2>&1; then
    $SUDO apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gdal-bin >/dev/null
fi

installed() {
  # Read pip's whole answer first: `grep -q` closing the pipe early fails it under pipefail.
  local shown
  shown=$("$VENV/bin/python" -m pip show "$1" 2>/dev/null) || return 1
  grep -qx "Version: $2" <<<"$shown"
}

if ! [ -x "$VENV/bin/python" ]; then
  echo "==> creating $VENV"
  python3 -m venv "$VENV"
fi
if ! installed owslib "$OWSLIB_VERSION" || ! installed schemathesis "$SCHEMATHESIS_VERSION"; then
  echo "==> installing owslib $OWSLIB_VERSION and schemathesis $SCHEMATHESIS_VERSION into $VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
    "owslib==$OWSLIB_VERSION" "schemathesis==$SCHEMATHESIS_VERSION"
fi
