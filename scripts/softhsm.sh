#!/usr/bin/env bash
# SoftHSM2 (Debian's softhsm2) for Gavel's PKCS#11 key custody tests and demos.
#
#   scripts/softhsm.sh install          install softhsm2 with apt-get when its module is missing (root only);
#                                       print the PKCS#11 module's path on stdout
#   scripts/softhsm.sh init DIR [LABEL] a SoftHSM2 configuration in DIR (DIR/softhsm2.conf, tokens in
#                                       DIR/tokens; kept when it exists, so one DIR can hold several
#                                       tokens), and a new token LABEL (default gavel) with a random user
#                                       PIN in DIR/LABEL.pin (0600); prints `library=... slot=... pin-file=...`
#                                       and the SOFTHSM2_CONF to export on stdout (DIR/LABEL.slot holds the slot)
#
# Progress goes to stderr; exit status 0 only when the module is there (and the token made).
set -euo pipefail

log() { echo "softhsm.sh: $*" >&2; }

module() {
  for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
      /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so; do
    if [ -r "$m" ]; then
      echo "$m"
      return 0
    fi
  done
  return 1
}

ensure_installed() {
  if module >/dev/null && command -v softhsm2-util >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "SoftHSM2 is not installed and this user cannot apt-get install softhsm2"
    return 1
  fi
  log "installing softhsm2 with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get install -y -qq --no-install-recommends softhsm2 >&2 \
      || { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends softhsm2 >&2; }; }; then
    log "apt-get install softhsm2 failed"
    return 1
  fi
  module >/dev/null
}

cmd="${1:-}"
case "$cmd" in
  install)
    ensure_installed
    module
    ;;
  init)
    dir="${2:?usage: scripts/softhsm.sh init DIR [LABEL]}"
    label="${3:-gavel}"
    ensure_installed
    mkdir -p "$dir/tokens"
    dir="$(cd "$dir" && pwd)"
    conf="$dir/softhsm2.conf"
    if [ ! -f "$conf" ]; then
      printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' "$dir" > "$conf"
    fi
    export SOFTHSM2_CONF="$conf"
    pin="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    so="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    umask 077
    printf '%s\n' "$pin" > "$dir/$label.pin"
    out="$(softhsm2-util --init-token --free --label "$label" --pin "$pin" --so-pin "$so" 2>&1)" || { log "$out"; exit 1; }
    slot="$(printf '%s\n' "$out" | sed -n 's/.*reassigned to slot \([0-9]*\).*/\1/p')"
    if [ -z "$slot" ]; then
      log "could not read the new token's slot from: $out"
      exit 1
    fi
    printf '%s\n' "$slot" > "$dir/$label.slot"
    log "token '$label' in slot $slot (configuration $conf)"
    echo "library=$(module) slot=$slot pin-file=$dir/$label.pin"
    echo "SOFTHSM2_CONF=$conf"
    ;;
  *)
    echo "usage: scripts/softhsm.sh install | init DIR [LABEL]" >&2
    exit 2
    ;;
esac
