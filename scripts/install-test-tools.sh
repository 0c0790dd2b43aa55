#!/usr/bin/env bash
# Installs what the browser tests need beyond the build tools: Debian's Chromium.
# Playwright drives it from node_modules; it never downloads a browser of its own.
set -euo pipefail

if ! [ -x /usr/bin/chromium ]; then
  echo "==> installing Debian's chromium"
  if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
