#!/usr/bin/env bash
# The wasm benchmark in one run (docs/benchmarks.md): builds bench/wasm/cpuwork.c natively with gcc -O2,
# then runs io.caravel.bench.wasm.WasmBenchmark, which times the native binary, Node's WASI (V8),
# Caravel's wasm engine (compiled, warm cache) and Chicory's interpreter on bench/wasm/cpuwork.wasm
# (built by scripts/build-test-wasm.sh and committed). Build the jar first:
#   mvn -B -ntp -pl bench -am package -DskipTests
# Arguments (all optional): ROUNDS (20) RUNS (5) INTERPRETER_ROUNDS (1).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$root/bench/target"
gcc -O2 -o "$root/bench/target/cpuwork-native" "$root/bench/wasm/cpuwork.c"
exec java -cp "$root/bench/target/benchmarks.jar" io.caravel.bench.wasm.WasmBenchmark \
    "$root/bench/wasm/cpuwork.wasm" "$root/bench/target/cpuwork-native" "$root/bench/wasm/run-node.mjs" "$@"
