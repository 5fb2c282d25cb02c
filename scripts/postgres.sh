#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for Gavel's tests and benchmarks (Debian's postgresql-15).
#
#   scripts/postgres.sh start [DIR]   install postgresql-15 with apt-get if initdb/pg_ctl are missing,
#                                     create a cluster in DIR (default: a new temp directory) owned by
#                                     an unprivileged user (initdb refuses root), start it on a free
#                                     loopback port, and print its JDBC URL (superuser `gavel`, a
#                                     random password, scram-sha-256) on stdout; DIR/url holds it too
#   scripts/postgres.sh stop DIR      stop the cluster and remove DIR
#   scripts/postgres.sh kill DIR      `pg_ctl stop -m immediate` (a crash: no checkpoint, no clean exit)
#   scripts/postgres.sh restart DIR   start a stopped or killed cluster again on the same port
#
# Progress goes to stderr; exit status 0 only when the cluster answers. Nothing listens beyond
# 127.0.0.1, and the Unix socket lives in DIR.
set -euo pipefail

PGVERSION=15
log() { echo "postgres.sh: $*" >&2; }

bindir() {
  local d="/usr/lib/postgresql/$PGVERSION/bin"
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
    echo "$d"
    return 0
  fi
  return 1
}

ensure_installed() {
  if bindir >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "PostgreSQL $PGVERSION's server programs are not in /usr/lib/postgresql/$PGVERSION/bin and this user cannot apt-get install them"
    return 1
  fi
  log "installing postgresql-$PGVERSION with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # The package's own service is not wanted (no init system here; we run our own cluster).
  if ! { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "postgresql-$PGVERSION" >&2; }; then
    log "apt-get install postgresql-$PGVERSION failed"
    return 1
  fi
  bindir >/dev/null
}

# The unprivileged user the cluster runs as; commands run through runuser (or setpriv) when we are root.
cluster_user() {
  if [ "$(id -u)" != 0 ]; then
    id -un
  elif id postgres >/dev/null 2>&1; then
    echo postgres
  else
    echo nobody
  fi
}

as_user() {
  local user="$1"
  shift
  if [ "$(id -u)" != 0 ]; then
    "$@"
  elif command -v runuser >/dev/null; then
    runuser -u "$user" -- "$@"
  else
    setpriv --reuid="$(id -u "$user")" --regid="$(id -g "$user")" --clear-groups -- "$@"
  fi
}

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  else
    echo $((20000 + RANDOM % 30000))
  fi
}

wait_ready() {
  local dir="$1" port
  port="$(cat "$dir/port")"
  for _ in $(seq 1 100); do
    if "$(bindir)/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      return 0
    fi
    sleep 0.1
  done
  log "the cluster in $dir does not answer on port $port; its log:"
  tail -20 "$dir/log" >&2 || true
  return 1
}

start_server() {
  local dir="$1" user
  user="$(stat -c %U "$dir/data")"
  as_user "$user" "$(bindir)/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$(cat "$dir/port") -c unix_socket_directories=$dir" start >&2
  wait_ready "$dir"
}

cmd_start() {
  ensure_installed || exit 1
  local dir="${1:-}"
  if [ -z "$dir" ]; then
    dir="$(mktemp -d "${TMPDIR:-/tmp}/gavel-pg.XXXXXX")"
  fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ -e "$dir/data" ]; then
    log "$dir already holds a cluster"
    exit 1
  fi
  local user password port
  user="$(cluster_user)"
  password="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  port="$(free_port)"
  echo "$port" >"$dir/port"
  umask 077
  printf '%s\n' "$password" >"$dir/pwfile"
  chown -R "$user" "$dir"
  chmod 0700 "$dir"
  # A cluster in DIR that the user can enter even when DIR sits below a directory of root's.
  as_user "$user" "$(bindir)/initdb" -D "$dir/data" -U gavel --pwfile="$dir/pwfile" --auth=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { log "initdb failed:"; cat "$dir/initdb.log" >&2; exit 1; }
  start_server "$dir"
  local url="jdbc:postgresql://127.0.0.1:$port/postgres?user=gavel&password=$password"
  printf '%s\n' "$url" >"$dir/url"
  log "cluster in $dir on 127.0.0.1:$port (stop with: scripts/postgres.sh stop $dir)"
  printf '%s\n' "$url"
}

cmd_stop() {
  local dir="${1:?usage: postgres.sh stop DIR}"
  if [ -d "$dir/data" ]; then
    as_user "$(stat -c %U "$dir/data")" "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
}

cmd_kill() {
  local dir="${1:?usage: postgres.sh kill DIR}"
  as_user "$(stat -c %U "$dir/data")" "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >&2
}

cmd_restart() {
  local dir="${1:?usage: postgres.sh restart DIR}"
  start_server "$dir"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  kill) shift; cmd_kill "$@" ;;
  restart) shift; cmd_restart "$@" ;;
  *) echo "usage: scripts/postgres.sh start [DIR] | stop DIR | kill DIR | restart DIR" >&2; exit 2 ;;
esac
