#!/usr/bin/env bash
# Installs the Temporal CLI (pinned) and starts `temporal server start-dev` on 127.0.0.1:7233
# (UI on 8233), with Caravel's search attributes. Idempotent: skips what is installed or running.
# The dev server has one history shard, and each shard loads new transfer tasks (workflow and
# activity dispatches) at most history.transferProcessorMaxPollRPS times a second (default 20): at the
# default every dispatch waits for that limiter, about 40 ms per step here. Raised, as
# docs/running-on-a-cluster.md explains; `stop` then `start` applies it to a server already running.
# The SQLite file is written in WAL mode with synchronous=NORMAL: it survives the server's restarts
# and crashes (what the file is for); only a machine crash may lose the last commits. The default
# (a sync on every commit) made a noop job about 50 ms slower here (docs/benchmarks.md).
# Usage: scripts/temporal-dev.sh [start|stop]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TEMPORAL_VERSION=v1.5.1
TEMPORAL="$CARAVEL_BIN/temporal"
PORT="${CARAVEL_TEMPORAL_PORT:-7233}"

install() {
  # `go install` builds report version 0.0.0-DEV, so the installed version is recorded beside it.
  local marker="$CARAVEL_STATE_DIR/run/temporal-cli.version"
  if [ -x "$TEMPORAL" ] && [ "$(cat "$marker" 2>/dev/null)" = "$TEMPORAL_VERSION" ]; then return 0; fi
  echo "installing temporal CLI $TEMPORAL_VERSION (go install; a few minutes the first time)"
  go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_VERSION"
  echo "$TEMPORAL_VERSION" > "$marker"
}

start() {
  install
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "temporal dev server already on 127.0.0.1:$PORT"
    # A server started by an older copy of this script may lack a newer attribute (CaravelJobName).
    for a in CaravelJobState CaravelJobType CaravelJobName CaravelNamespace; do
      "$TEMPORAL" operator search-attribute create --address "127.0.0.1:$PORT" --name "$a" --type Keyword \
        >/dev/null 2>&1 || true
    done
    return 0
  fi
  nohup "$TEMPORAL" server start-dev --ip 127.0.0.1 --port "$PORT" --ui-port $((PORT + 1000)) \
    --db-filename "$CARAVEL_STATE_DIR/run/temporal.db" --log-level warn \
    --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal \
    --search-attribute CaravelJobState=Keyword --search-attribute CaravelJobType=Keyword \
    --search-attribute CaravelNamespace=Keyword --search-attribute CaravelJobName=Keyword \
    --dynamic-config-value history.transferProcessorMaxPollRPS=1000 \
    > "$CARAVEL_STATE_DIR/log/temporal.log" 2>&1 &
  echo $! > "$CARAVEL_STATE_DIR/run/temporal.pid"
  wait_port 127.0.0.1 "$PORT" 60 "temporal dev server"
  echo "temporal dev server on 127.0.0.1:$PORT (UI http://127.0.0.1:$((PORT + 1000)))"
}

stop() {
  if [ -f "$CARAVEL_STATE_DIR/run/temporal.pid" ]; then kill "$(cat "$CARAVEL_STATE_DIR/run/temporal.pid")" 2>/dev/null || true; rm -f "$CARAVEL_STATE_DIR/run/temporal.pid"; fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  install) install ;;
  *) echo "usage: $0 [start|stop|install]" >&2; exit 2 ;;
esac
