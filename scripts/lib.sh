#!/usr/bin/env bash
# Shared helpers of the service scripts: where things go, and waiting for a port.
set -euo pipefail
CARAVEL_STATE_DIR="${CARAVEL_STATE_DIR:-$HOME/.caravel}"
CARAVEL_BIN="${CARAVEL_BIN:-$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin}"
mkdir -p "$CARAVEL_STATE_DIR/run" "$CARAVEL_STATE_DIR/log"

# wait_port HOST PORT SECONDS NAME: fails with a message naming the service when it never opens.
wait_port() {
  local host=$1 port=$2 seconds=$3 name=$4
  for _ in $(seq 1 $((seconds * 4))); do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then return 0; fi
    sleep 0.25
  done
  echo "error: $name did not open $host:$port within ${seconds}s; see $CARAVEL_STATE_DIR/log/" >&2
  return 1
}

# go_module_dir MODULE@VERSION: downloads a Go module from the proxy and prints its (read-only)
# directory in the module cache; fails with a message naming the module when it cannot.
go_module_dir() {
  local dir
  dir=$(go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || { echo "error: cannot download $1 from the Go module proxy" >&2; return 1; }
  echo "$dir"
}
