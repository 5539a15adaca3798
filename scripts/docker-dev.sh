#!/usr/bin/env bash
# Installs Debian's Docker engine and busybox-static if missing, starts `dockerd` on its Unix socket
# only (no TCP listener), and builds the local test image caravel-test/busybox:1 (FROM scratch plus
# busybox-static; no registry is reachable here). Idempotent: skips what is installed, running or built.
# Usage: scripts/docker-dev.sh [start|stop|image]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
SOCKET="${CARAVEL_DOCKER_SOCKET:-/var/run/docker.sock}"
IMAGE="${CARAVEL_TEST_IMAGE:-caravel-test/busybox:1}"
HERE="$(cd "$(dirname "$0")" && pwd)"

install() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [ -x /bin/busybox ] && dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  fi
}

running() { docker -H "unix://$SOCKET" info >/dev/null 2>&1; }

start() {
  install
  if running; then echo "dockerd already running on $SOCKET"; else
    nohup dockerd --host "unix://$SOCKET" > "$CARAVEL_STATE_DIR/log/dockerd.log" 2>&1 &
    echo $! > "$CARAVEL_STATE_DIR/run/dockerd.pid"
    for _ in $(seq 1 120); do running && break; sleep 0.5; done
    running || { echo "error: dockerd did not start on $SOCKET within 60s; see $CARAVEL_STATE_DIR/log/dockerd.log" >&2; exit 1; }
    echo "dockerd running on $SOCKET"
  fi
  image
}

image() {
  if docker -H "unix://$SOCKET" image inspect "$IMAGE" >/dev/null 2>&1; then echo "image $IMAGE present"; return 0; fi
  local ctx; ctx="$(mktemp -d)"
  cp "$HERE/images/busybox/Dockerfile" /bin/busybox "$ctx/"
  docker -H "unix://$SOCKET" build -q -t "$IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
  echo "built image $IMAGE"
}

stop() {
  if [ -f "$CARAVEL_STATE_DIR/run/dockerd.pid" ]; then kill "$(cat "$CARAVEL_STATE_DIR/run/dockerd.pid")" 2>/dev/null || true; rm -f "$CARAVEL_STATE_DIR/run/dockerd.pid"; fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  image) image ;;
  *) echo "usage: $0 [start|stop|image]" >&2; exit 2 ;;
esac
