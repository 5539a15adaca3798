#!/usr/bin/env bash
# The whole test suite. Services the tests need are installed and started here, idempotently,
# before Maven runs; a missing service is a failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/temporal-dev.sh start
scripts/docker-dev.sh start
scripts/registry-dev.sh start
scripts/ipfs-dev.sh start
scripts/s3-dev.sh start
# Bacalhau's own CLI (built once from the Go module proxy) and Python client (a venv), for the tests of
# caravel serve's API; both cached under ~/.caravel.
scripts/bacalhau-dev.sh install
scripts/bacalhau-py-dev.sh install
scripts/check-compose.sh
mvn -B -ntp verify "$@"
# README's first command, on the jar `mvn verify` just built.
bin/caravel wasm run --embedded examples/wasm/hello-world.wasm
