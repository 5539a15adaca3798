#!/usr/bin/env bash
# Builds Bacalhau (pinned) from the Go module proxy, as a peer for the benchmarks and as a client:
# the module is downloaded, copied to a writable directory (the module cache is read-only) and built
# there, where its go.mod's replace lines apply. Binary: $CARAVEL_BIN/bacalhau.
# `start` runs one orchestrator+compute node bound to 127.0.0.1 (API on CARAVEL_BACALHAU_PORT,
# default 1235, so that Bacalhau's default 1234 stays free for Caravel), its data in
# $CARAVEL_STATE_DIR/bacalhau. Idempotent: skips what is installed or running.
# Usage: scripts/bacalhau-dev.sh [start|stop|install]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
BACALHAU_VERSION=v1.9.3
BACALHAU="$CARAVEL_BIN/bacalhau"
PORT="${CARAVEL_BACALHAU_PORT:-1235}"
export BACALHAU_DIR="$CARAVEL_STATE_DIR/bacalhau"

install() {
  local marker="$CARAVEL_STATE_DIR/run/bacalhau.version"
  if [ -x "$BACALHAU" ] && [ "$(cat "$marker" 2>/dev/null)" = "$BACALHAU_VERSION" ]; then return 0; fi
  echo "installing bacalhau $BACALHAU_VERSION (go build; many minutes the first time)"
  local dir work
  dir=$(go_module_dir "github.com/bacalhau-project/bacalhau@$BACALHAU_VERSION")
  work="$CARAVEL_STATE_DIR/src/bacalhau-$BACALHAU_VERSION"
  rm -rf "$work" && mkdir -p "$work" "$CARAVEL_BIN"
  cp -r "$dir/." "$work" && chmod -R u+w "$work"
  (cd "$work" && GOWORK=off go build -trimpath -o "$BACALHAU" .)
  echo "$BACALHAU_VERSION" > "$marker"
}

start() {
  install
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "bacalhau already on 127.0.0.1:$PORT"; return 0; fi
  mkdir -p "$BACALHAU_DIR"
  nohup "$BACALHAU" serve --orchestrator --compute \
    -c API.Host=127.0.0.1 -c API.Port="$PORT" -c Orchestrator.Host=127.0.0.1 -c WebUI.Enabled=false -c UpdateConfig.Interval=0 \
    > "$CARAVEL_STATE_DIR/log/bacalhau.log" 2>&1 &
  echo $! > "$CARAVEL_STATE_DIR/run/bacalhau.pid"
  wait_port 127.0.0.1 "$PORT" 120 "bacalhau serve"
  echo "bacalhau $BACALHAU_VERSION API on http://127.0.0.1:$PORT (BACALHAU_API_PORT=$PORT)"
}

stop() {
  if [ -f "$CARAVEL_STATE_DIR/run/bacalhau.pid" ]; then
    kill "$(cat "$CARAVEL_STATE_DIR/run/bacalhau.pid")" 2>/dev/null || true
    rm -f "$CARAVEL_STATE_DIR/run/bacalhau.pid"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  install) install ;;
  *) echo "usage: $0 [start|stop|install]" >&2; exit 2 ;;
esac
