#!/usr/bin/env bash
# A throwaway OpenSSH server on loopback for the ssh:// policy-remote tests (Debian's openssh-server).
#
#   scripts/sshd.sh start DIR   install openssh-server with apt-get if /usr/sbin/sshd is missing;
#                               make a host key and a client key in DIR, start sshd on a free
#                               127.0.0.1 port accepting only that client key for the current user,
#                               and print the port on stdout. DIR/client/ is an SSH directory for
#                               the client: id_ed25519 and a known_hosts naming the server's key.
#   scripts/sshd.sh stop DIR    stop it and remove DIR
#
# Progress goes to stderr; exit status 0 only when the server accepts connections.
set -euo pipefail
log() { echo "sshd.sh: $*" >&2; }

ensure_installed() {
  if [ -x /usr/sbin/sshd ]; then
    return 0
  fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "/usr/sbin/sshd is missing and this user cannot apt-get install openssh-server"
    return 1
  fi
  log "installing openssh-server with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends openssh-server >&2; }; then
    log "apt-get install openssh-server failed"
    return 1
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local dir="$1"
  ensure_installed
  mkdir -p "$dir/client"
  dir="$(cd "$dir" && pwd)"
  chmod 700 "$dir" "$dir/client"
  ssh-keygen -q -t ed25519 -N '' -C gavel-test-host -f "$dir/host_ed25519" >/dev/null
  ssh-keygen -q -t ed25519 -N '' -C gavel-test-client -f "$dir/client/id_ed25519" >/dev/null
  cp "$dir/client/id_ed25519.pub" "$dir/authorized_keys"
  chmod 600 "$dir/authorized_keys"
  local port
  port="$(free_port)"
  cat >"$dir/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $dir/host_ed25519
AuthorizedKeysFile $dir/authorized_keys
PidFile $dir/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
AllowUsers $(id -un)
StrictModes no
UsePAM no
PrintMotd no
EOF
  echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$dir/host_ed25519.pub")" >"$dir/client/known_hosts"
  # Privilege separation needs this directory when sshd runs as root.
  if [ "$(id -u)" = 0 ]; then
    mkdir -p /run/sshd
  fi
  /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
  for _ in $(seq 1 50); do
    if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null; then
      echo "$port"
      return 0
    fi
    sleep 0.1
  done
  log "sshd did not start; its log:"
  cat "$dir/sshd.log" >&2 || true
  return 1
}

stop() {
  local dir="$1"
  if [ -f "$dir/sshd.pid" ]; then
    kill "$(cat "$dir/sshd.pid")" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:?usage: sshd.sh start DIR}" ;;
  stop) stop "${2:?usage: sshd.sh stop DIR}" ;;
  *) echo "usage: scripts/sshd.sh start|stop DIR" >&2; exit 2 ;;
esac
