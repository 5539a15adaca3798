#!/usr/bin/env bash
# Installs Kubo (pinned) and starts an offline IPFS node for the tests: RPC API on 127.0.0.1:5001,
# gateway on 127.0.0.1:5080, no swarm (offline), repository in $CARAVEL_STATE_DIR/ipfs.
# Idempotent: skips what is installed or running.
# Usage: scripts/ipfs-dev.sh [start|stop|install]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
# v0.43.x cannot be installed with `go install` (its go.mod has a replace directive whose target
# is not on the Go module proxy), and v0.42.0's go.mod has exclude directives, which `go install
# pkg@version` refuses too; so the module is downloaded and built inside its own directory, where
# those directives apply.
KUBO_VERSION=v0.42.0
IPFS="$CARAVEL_BIN/ipfs"
PORT="${CARAVEL_IPFS_API_PORT:-5001}"
GATEWAY_PORT="${CARAVEL_IPFS_GATEWAY_PORT:-5080}"
export IPFS_PATH="$CARAVEL_STATE_DIR/ipfs"

install() {
  local marker="$CARAVEL_STATE_DIR/run/kubo.version"
  if [ -x "$IPFS" ] && [ "$(cat "$marker" 2>/dev/null)" = "$KUBO_VERSION" ]; then return 0; fi
  echo "installing kubo $KUBO_VERSION (go build; several minutes the first time)"
  local dir
  dir=$(go_module_dir "github.com/ipfs/kubo@$KUBO_VERSION")
  mkdir -p "$CARAVEL_BIN"
  (cd "$dir" && go build -trimpath -o "$IPFS" ./cmd/ipfs)
  echo "$KUBO_VERSION" > "$marker"
}

configure() {
  if [ ! -f "$IPFS_PATH/config" ]; then
    "$IPFS" init --profile test >/dev/null
  fi
  "$IPFS" config Addresses.API "/ip4/127.0.0.1/tcp/$PORT"
  "$IPFS" config Addresses.Gateway "/ip4/127.0.0.1/tcp/$GATEWAY_PORT"
  "$IPFS" config --json Addresses.Swarm '[]'
  "$IPFS" config --json Bootstrap '[]'
}

start() {
  install
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "kubo already on 127.0.0.1:$PORT"; return 0; fi
  configure
  nohup "$IPFS" daemon --offline > "$CARAVEL_STATE_DIR/log/ipfs.log" 2>&1 &
  echo $! > "$CARAVEL_STATE_DIR/run/ipfs.pid"
  wait_port 127.0.0.1 "$PORT" 60 "kubo (ipfs daemon --offline)"
  echo "kubo $KUBO_VERSION (offline) API on http://127.0.0.1:$PORT"
}

stop() {
  if [ -f "$CARAVEL_STATE_DIR/run/ipfs.pid" ]; then kill "$(cat "$CARAVEL_STATE_DIR/run/ipfs.pid")" 2>/dev/null || true; rm -f "$CARAVEL_STATE_DIR/run/ipfs.pid"; fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  install) install ;;
  *) echo "usage: $0 [start|stop|install]" >&2; exit 2 ;;
esac
