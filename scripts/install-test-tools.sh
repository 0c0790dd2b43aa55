#!/usr/bin/env bash
# Installs what the tests need beyond the build tools: Debian's Chromium for
# the browser tests, and PostgreSQL 15 with PostGIS for the server tests on
# the second store (scripts/with-postgres.sh starts a throwaway cluster; no
# system service is used). Playwright drives Chromium from node_modules; it
# never downloads a browser of its own. Skips what is already installed.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if ! [ -x /usr/lib/postgresql/15/bin/initdb ] \
  || ! [ -f /usr/share/postgresql/15/extension/postgis.control ]; then
  missing+=(postgresql-15-postgis-3)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian's ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  # The package starts a system cluster; the tests never use it.
  if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q '^15 main .* online'; then
    $SUDO pg_ctlcluster 15 main stop || true
  fi
fi
