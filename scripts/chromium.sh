#!/usr/bin/env bash
# Debian's Chromium for the web console's browser tests (ConsoleBrowserTest drives it with
# Playwright). Prints the browser's path on stdout and exits 0 when it is there or could be
# installed; otherwise says why on stderr and exits 1 (the browser tests then skip, saying so).
# Only Debian's package: no browser is ever downloaded by Playwright or anything else.
set -euo pipefail
log() { echo "chromium.sh: $*" >&2; }
bin=/usr/bin/chromium
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  log "$bin is missing and this user cannot apt-get install chromium"
  exit 1
fi
log "installing Debian's chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2; }; then
  log "apt-get install chromium failed"
  exit 1
fi
if [ ! -x "$bin" ]; then
  log "chromium was installed but $bin is not there"
  exit 1
fi
echo "$bin"
