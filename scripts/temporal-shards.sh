#!/usr/bin/env bash
# A Temporal server with more than one history shard, for the scaling benchmark
# (bench/scaling/run.sh, docs/benchmarks.md). `temporal server start-dev` has one shard and no option
# to change it; bench/temporal-shards/main.go builds the same server (Temporal server v1.29.1, the
# one the CLI v1.5.1 of scripts/temporal-dev.sh embeds, SQLite, the CLI's dynamic config) with a
# --shards flag, and this script builds it and runs it with the flags of scripts/temporal-dev.sh.
# The number of shards is fixed when a database is created, so each count gets a SQLite file of its
# own ($CARAVEL_STATE_DIR/run/temporal-shards-<N>.db); SHARDS_DB=memory keeps it in memory instead.
# Ports: the frontend on PORT (7830), its HTTP API and the history, matching and worker services on
# the next four. TRANSFER_POLL_RPS sets history.transferProcessorMaxPollRPS (1000, as
# scripts/temporal-dev.sh sets it; the server's default is 20 per shard). Idempotent: `build` skips a binary built from the same sources, `start` one running.
# Usage: scripts/temporal-shards.sh build | start [SHARDS (4)] [PORT (7830)] | stop [PORT (7830)]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
SRC="$(cd "$(dirname "$0")/../bench/temporal-shards" && pwd)"
DIR="$CARAVEL_STATE_DIR/temporal-shards"
BIN="$DIR/temporal-shards"

build() {
  # The first build compiles the Temporal server (several minutes on two busy cores; most of it
  # comes from Go's build cache when the temporal CLI was built here before).
  local stamp
  stamp=$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC/main.go" | sha256sum | cut -d' ' -f1)
  if [ -x "$BIN" ] && [ "$(cat "$DIR/stamp" 2>/dev/null)" = "$stamp" ]; then return 0; fi
  mkdir -p "$DIR"
  echo "building $BIN (go build; minutes the first time)"
  (cd "$SRC" && go build -o "$BIN.tmp" .)
  mv "$BIN.tmp" "$BIN"
  echo "$stamp" > "$DIR/stamp"
}

start() {
  local shards="${1:-4}" port="${2:-7830}" db
  build
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "a server is already on 127.0.0.1:$port"
    return 0
  fi
  if [ "${SHARDS_DB:-file}" = memory ]; then
    db=()
  else
    db=(--db-filename "$CARAVEL_STATE_DIR/run/temporal-shards-$shards.db"
      --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal)
  fi
  nohup "$BIN" --ip 127.0.0.1 --port "$port" --shards "$shards" "${db[@]}" --log-level warn \
    --search-attribute CaravelJobState=Keyword --search-attribute CaravelJobType=Keyword \
    --search-attribute CaravelNamespace=Keyword --search-attribute CaravelJobName=Keyword \
    --dynamic-config-value "history.transferProcessorMaxPollRPS=${TRANSFER_POLL_RPS:-1000}" \
    > "$CARAVEL_STATE_DIR/log/temporal-shards-$port.log" 2>&1 &
  echo $! > "$CARAVEL_STATE_DIR/run/temporal-shards-$port.pid"
  wait_port 127.0.0.1 "$port" 60 "temporal server ($shards shards)"
  echo "temporal server with $shards history shard(s) on 127.0.0.1:$port"
}

# Waits (up to 30 s) until the server has exited, so that a `start` right after finds the ports free.
stop() {
  local pidfile="$CARAVEL_STATE_DIR/run/temporal-shards-${1:-7830}.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  rm -f "$pidfile"
}

cmd="${1:-}"
shift || true
case "$cmd" in
  build) build ;;
  start) start "$@" ;;
  stop) stop "$@" ;;
  *) echo "usage: $0 build | start [SHARDS] [PORT] | stop [PORT]" >&2; exit 2 ;;
esac
