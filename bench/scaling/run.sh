#!/usr/bin/env bash
# Throughput against the number of worker processes (docs/benchmarks.md): for each K in WORKERS,
# a fresh dev server of its own (in memory, the flags of scripts/temporal-dev.sh, on PORT), K
# `caravel worker` processes (noop engine, label bench=<run>, each offered the machine's CPUs divided
# by K so the node capacity matches its share), then N small noop jobs through
# io.caravel.bench.scaling.ThroughputBenchmark; one line per K.
# Build first: mvn -B -ntp -pl bench,cli -am package -DskipTests. Run it alone on the machine.
# Arguments (optional): N (2000), WORKERS (1,2,4), PORT (7800).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
n="${1:-2000}"
workers="${2:-1,2,4}"
port="${3:-7800}"
temporal="$(command -v temporal || echo "$HOME/go/bin/temporal")"
cpus="$(nproc)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for k in ${workers//,/ }; do
  "$temporal" server start-dev --ip 127.0.0.1 --port "$port" --ui-port $((port + 1000)) --headless \
    --log-level warn --search-attribute CaravelJobState=Keyword --search-attribute CaravelJobType=Keyword \
    --search-attribute CaravelNamespace=Keyword --search-attribute CaravelJobName=Keyword \
    --dynamic-config-value history.transferProcessorMaxPollRPS=1000 > "$work/temporal-$k.log" 2>&1 &
  server=$!
  pids+=("$server")
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
  label="scale-$k-$RANDOM"
  share=$((cpus * 1000 / k))m
  for i in $(seq 1 "$k"); do
    CARAVEL_STORAGE_DIR="$work/w$k-$i" "$root/bin/caravel" worker --temporal-address="127.0.0.1:$port" \
      --node-id="w$k-$i" --labels="bench=$label" --engines=noop --capacity-cpu="$share" \
      --results-port=0 > "$work/worker-$k-$i.log" 2>&1 &
    pids+=("$!")
  done
  sleep 5 # the workers start and their first heartbeats reach the registry
  printf '%d worker(s), %s CPU each: ' "$k" "$share"
  java -cp "$root/bench/target/benchmarks.jar" io.caravel.bench.scaling.ThroughputBenchmark \
    "127.0.0.1:$port" "$label" "$n" 2>/dev/null | tail -1
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done
