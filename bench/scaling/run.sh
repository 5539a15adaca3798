#!/usr/bin/env bash
# Throughput against the number of worker processes (docs/benchmarks.md): for each K in WORKERS,
# a fresh server of its own on PORT, K `caravel worker` processes (noop engine, label bench=<run>,
# each offered the machine's CPUs divided by K so the node capacity matches its share), then N small
# noop jobs through io.caravel.bench.scaling.ThroughputBenchmark; one line per run, with the CPU
# time the server and the workers used over the run (per 1,000 jobs: on a busy machine a measure
# that other processes' load changes less than the wall time) and the load average around it.
# The server: without SHARDS, `temporal server start-dev` (in memory, the flags of
# scripts/temporal-dev.sh, one history shard). With SHARDS (e.g. 1,4), the server of
# scripts/temporal-shards.sh (the same Temporal server, in memory, with each of those numbers of
# history shards); for every K the shard counts run in turn, so that they share the machine's load
# alike. ROUNDS repeats the whole series.
# Build first: mvn -B -ntp -pl bench,cli -am package -DskipTests. Run it alone on the machine.
# Arguments (optional): N (2000), WORKERS (1,2,4), PORT (7800), SHARDS (none), ROUNDS (1).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
n="${1:-2000}"
workers="${2:-1,2,4}"
port="${3:-7800}"
shards="${4:-}"
rounds="${5:-1}"
temporal="$(command -v temporal || echo "$HOME/go/bin/temporal")"
cpus="$(nproc)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -z "$shards" ] || "$root/scripts/temporal-shards.sh" stop "$port"
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "error: 127.0.0.1:$port is taken; give the benchmark a free PORT" >&2
  exit 1
fi
[ -z "$shards" ] || "$root/scripts/temporal-shards.sh" build

# start_server S: S is "dev" (the CLI's dev server) or a number of history shards.
start_server() {
  if [ "$1" = dev ]; then
    "$temporal" server start-dev --ip 127.0.0.1 --port "$port" --ui-port $((port + 1000)) --headless \
      --log-level warn --search-attribute CaravelJobState=Keyword --search-attribute CaravelJobType=Keyword \
      --search-attribute CaravelNamespace=Keyword --search-attribute CaravelJobName=Keyword \
      --dynamic-config-value history.transferProcessorMaxPollRPS=1000 > "$work/temporal.log" 2>&1 &
    pids+=("$!")
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
  else
    SHARDS_DB=memory "$root/scripts/temporal-shards.sh" start "$1" "$port" > /dev/null
  fi
}

# cpu_seconds PID...: user + system CPU time of those processes so far, in seconds.
cpu_seconds() {
  local ticks=0 t
  for p in "$@"; do
    t=$(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}') || t=0
    ticks=$((ticks + ${t:-0}))
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}'
}

stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
  [ -z "$shards" ] || "$root/scripts/temporal-shards.sh" stop "$port"
}

servers="${shards:-dev}"
for round in $(seq 1 "$rounds"); do
  for k in ${workers//,/ }; do
    for one in ${servers//,/ }; do
      start_server "$one"
      label="scale-$k-$one-$RANDOM"
      share=$((cpus * 1000 / k))m
      for i in $(seq 1 "$k"); do
        CARAVEL_STORAGE_DIR="$work/w$k-$i" "$root/bin/caravel" worker --temporal-address="127.0.0.1:$port" \
          --node-id="w$k-$i" --labels="bench=$label" --engines=noop --capacity-cpu="$share" \
          --results-port=0 > "$work/worker-$k-$i.log" 2>&1 &
        pids+=("$!")
      done
      sleep 5 # the workers start and their first heartbeats reach the registry
      if [ "$one" = dev ]; then server_pid="${pids[0]}"; else
        server_pid="$(cat "${CARAVEL_STATE_DIR:-$HOME/.caravel}/run/temporal-shards-$port.pid")"
      fi
      server_cpu="$(cpu_seconds "$server_pid")"
      workers_cpu="$(cpu_seconds "${pids[@]:$((${#pids[@]} - k))}")"
      if [ "$one" = dev ]; then server="dev server"; else server="$one shard(s)"; fi
      before="$(cut -d' ' -f1-3 /proc/loadavg)"
      result="$(java -cp "$root/bench/target/benchmarks.jar" io.caravel.bench.scaling.ThroughputBenchmark \
        "127.0.0.1:$port" "$label" "$n" 2>/dev/null | tail -1)"
      server_cpu="$(awk -v a="$(cpu_seconds "$server_pid")" -v b="$server_cpu" -v n="$n" \
        'BEGIN {printf "%.1f", (a - b) * 1000 / n}')"
      workers_cpu="$(awk -v a="$(cpu_seconds "${pids[@]:$((${#pids[@]} - k))}")" -v b="$workers_cpu" \
        -v n="$n" 'BEGIN {printf "%.1f", (a - b) * 1000 / n}')"
      printf 'round %d, %s, %d worker(s), %s CPU each: %s; CPU s per 1,000 jobs: server %s, workers %s (load %s before, %s after)\n' \
        "$round" "$server" "$k" "$share" "$result" "$server_cpu" "$workers_cpu" "$before" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
      stop_all
    done
  done
done
