#!/usr/bin/env bash
# Installs Debian's docker-registry (CNCF Distribution, Apache-2.0) and starts it as a private
# image registry on 127.0.0.1:5050, storage under $CARAVEL_STATE_DIR/registry, every request behind
# basic auth (htpasswd). The docker engine's registry-credential tests push to it and pull from it;
# the daemon reaches it over plain HTTP because loopback registries are allowed insecure.
# The user is a fixed TEST account, for this loopback-only server and nothing else:
#   caravel-test / caravel-test-secret (override with CARAVEL_REGISTRY_USER / CARAVEL_REGISTRY_PASSWORD
#   / CARAVEL_REGISTRY_PORT). Idempotent: skips what is installed or running.
# Usage: scripts/registry-dev.sh [start|stop|install]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
PORT="${CARAVEL_REGISTRY_PORT:-5050}"
USER_NAME="${CARAVEL_REGISTRY_USER:-caravel-test}"
PASSWORD="${CARAVEL_REGISTRY_PASSWORD:-caravel-test-secret}"
DATA="$CARAVEL_STATE_DIR/registry"

install() {
  if command -v docker-registry >/dev/null 2>&1 && command -v htpasswd >/dev/null 2>&1; then return 0; fi
  echo "installing docker-registry and htpasswd (Debian packages docker-registry, apache2-utils)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-registry apache2-utils >/dev/null
}

start() {
  install
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "docker registry already on 127.0.0.1:$PORT"; return 0; fi
  mkdir -p "$DATA/storage"
  htpasswd -Bbn "$USER_NAME" "$PASSWORD" > "$DATA/htpasswd"
  cat > "$DATA/config.yml" <<CONFIG
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $DATA/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$PORT
auth:
  htpasswd:
    realm: caravel-test
    path: $DATA/htpasswd
CONFIG
  nohup docker-registry serve "$DATA/config.yml" > "$CARAVEL_STATE_DIR/log/registry.log" 2>&1 &
  echo $! > "$CARAVEL_STATE_DIR/run/registry.pid"
  wait_port 127.0.0.1 "$PORT" 30 "docker registry"
  echo "docker registry on 127.0.0.1:$PORT (test user $USER_NAME)"
}

stop() {
  if [ -f "$CARAVEL_STATE_DIR/run/registry.pid" ]; then kill "$(cat "$CARAVEL_STATE_DIR/run/registry.pid")" 2>/dev/null || true; rm -f "$CARAVEL_STATE_DIR/run/registry.pid"; fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  install) install ;;
  *) echo "usage: $0 [start|stop|install]" >&2; exit 2 ;;
esac
