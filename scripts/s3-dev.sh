#!/usr/bin/env bash
# Installs versitygw (pinned) and starts it as an S3 server on 127.0.0.1:7070 with the POSIX
# backend under $CARAVEL_STATE_DIR/s3 (buckets are its sub-directories) and bucket versioning
# enabled. Idempotent: skips what is installed or running.
# The root credentials are fixed TEST credentials, for this loopback-only server and nothing else:
#   access key caravel-test, secret key caravel-test-secret, region us-east-1
# (override with CARAVEL_S3_ACCESS_KEY / CARAVEL_S3_SECRET_KEY / CARAVEL_S3_PORT).
# Usage: scripts/s3-dev.sh [start|stop|install]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
VERSITYGW_VERSION=v1.7.0
VERSITYGW="$CARAVEL_BIN/versitygw"
PORT="${CARAVEL_S3_PORT:-7070}"
ACCESS_KEY="${CARAVEL_S3_ACCESS_KEY:-caravel-test}"
SECRET_KEY="${CARAVEL_S3_SECRET_KEY:-caravel-test-secret}"
DATA="$CARAVEL_STATE_DIR/s3"

install() {
  # `go install` builds report version "git", so the installed version is recorded beside it.
  local marker="$CARAVEL_STATE_DIR/run/versitygw.version"
  if [ -x "$VERSITYGW" ] && [ "$(cat "$marker" 2>/dev/null)" = "$VERSITYGW_VERSION" ]; then return 0; fi
  echo "installing versitygw $VERSITYGW_VERSION (go install; a few minutes the first time)"
  go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
  echo "$VERSITYGW_VERSION" > "$marker"
}

start() {
  install
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "S3 server already on 127.0.0.1:$PORT"; return 0; fi
  mkdir -p "$DATA/buckets" "$DATA/versions"
  nohup "$VERSITYGW" --port "127.0.0.1:$PORT" --access "$ACCESS_KEY" --secret "$SECRET_KEY" \
    --region us-east-1 --quiet \
    posix --versioning-dir "$DATA/versions" "$DATA/buckets" \
    > "$CARAVEL_STATE_DIR/log/versitygw.log" 2>&1 &
  echo $! > "$CARAVEL_STATE_DIR/run/versitygw.pid"
  wait_port 127.0.0.1 "$PORT" 60 "versitygw S3 server"
  echo "versitygw S3 server on http://127.0.0.1:$PORT (test credentials $ACCESS_KEY / $SECRET_KEY)"
}

stop() {
  if [ -f "$CARAVEL_STATE_DIR/run/versitygw.pid" ]; then kill "$(cat "$CARAVEL_STATE_DIR/run/versitygw.pid")" 2>/dev/null || true; rm -f "$CARAVEL_STATE_DIR/run/versitygw.pid"; fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  install) install ;;
  *) echo "usage: $0 [start|stop|install]" >&2; exit 2 ;;
esac
