#!/usr/bin/env bash
# Issue 15's WASM goals in one run (docs/benchmarks.md): a small WASM job's time inside the server
# on a warm worker, step by step, against a noop job and a bare workflow; then a CPU-bound WASM job,
# whole, against a whole node process on the same module. Needs the dev server of
# scripts/temporal-dev.sh (or give "test" for the in-process test server) and, for the second part,
# node on the PATH. Build the jar first:
#   mvn -B -ntp -pl bench -am package -DskipTests
# Arguments (all optional): SERVER (127.0.0.1:7233) RUNS (50) CPU_ROUNDS (20) CPU_RUNS (7).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
exec java -cp bench/target/benchmarks.jar io.caravel.bench.latency.SmallJobLatencyBenchmark \
    "${1:-127.0.0.1:7233}" "${2:-50}" examples/wasm/hello-world.wasm bench/wasm/cpuwork.wasm "${3:-20}" "${4:-7}"
