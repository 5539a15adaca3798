#!/usr/bin/env bash
# Whole-command latency of the CLI against `docker run --rm`, in one run (docs/benchmarks.md):
# a trivial container job (`true` in the busybox test image, network none) through
# `caravel docker run --wait --id-only` on a running Temporal server and worker, next to the same
# container through `docker run --rm`, one of each in turn; `caravel version` (JVM start and the
# command line) and, when it is installed, Temporal's CLI (`temporal workflow list --limit 1`, a
# Go client's floor for one call to the same server) are timed alongside. When a Bacalhau node
# answers on 127.0.0.1:$BACALHAU_API_PORT (scripts/bacalhau-dev.sh start: 1235), the same job through
# `bacalhau docker run --wait --id-only` is timed in the same rounds; Bacalhau resolves every image
# at a registry, so the image is pushed to the local registry of scripts/registry-dev.sh first
# (logged in for the run, logged out at the end).
# When Bacalhau's CLI is installed (scripts/bacalhau-dev.sh install), the same job through
# `bacalhau docker run --wait --id-only` against Caravel's own Bacalhau API (`caravel serve` on a free
# port, started here) is timed too: Bacalhau's client, Caravel underneath.
# Needs: scripts/temporal-dev.sh start, scripts/docker-dev.sh start, and cli/target/caravel.jar.
# It starts its own worker (engines noop,docker) with a random label that its jobs require, so that
# no other node takes them, and stops it at the end.
# Arguments (optional): ROUNDS (20) WARMUP (3). Prints a Markdown table: median, p90, ratio.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/lib.sh"
. "$root/bench/lib.sh"
rounds="${1:-20}"
warmup="${2:-3}"
caravel="$root/bin/caravel"
image="caravel-test/busybox:1"
label="b$RANDOM$RANDOM"
temporal="$(command -v temporal || echo "${CARAVEL_BIN:-$HOME/.caravel/bin}/temporal")"
out="$root/bench/target/cli"
mkdir -p "$out"
rm -f "$out"/*.ms

bacalhau=""
bacalhau_port="${BACALHAU_API_PORT:-1235}"
registry_image=""
if [ -x "${CARAVEL_BIN:-$HOME/go/bin}/bacalhau" ] && (exec 3<>"/dev/tcp/127.0.0.1/$bacalhau_port") 2>/dev/null; then
  bacalhau="${CARAVEL_BIN:-$HOME/go/bin}/bacalhau"
  export BACALHAU_API_HOST=127.0.0.1 BACALHAU_API_PORT="$bacalhau_port"
  registry_image="$(bacalhau_image)"
fi

bacalhau_cli="${CARAVEL_BIN:-$HOME/go/bin}/bacalhau"
serve_port=""
if [ -x "$bacalhau_cli" ]; then
  serve_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$caravel" serve --port "$serve_port" > "$out/serve.log" 2>&1 &
  serve=$!
  bacalhau_home="$(mktemp -d)"
fi

storage="$(mktemp -d)"
"$caravel" worker --engines=noop,docker --node-id="bench-cli-$label" --labels="bench=$label" \
  --storage-dir="$storage" --results-port=0 > "$out/worker.log" 2>&1 &
worker=$!
cleanup() {
  kill $worker 2>/dev/null || true; wait $worker 2>/dev/null || true; rm -rf "$storage"
  if [ -n "$serve_port" ]; then kill $serve 2>/dev/null || true; wait $serve 2>/dev/null || true; rm -rf "$bacalhau_home"; fi
  if [ -n "$bacalhau" ]; then bacalhau_image_done; fi
}
trap cleanup EXIT
for _ in $(seq 1 60); do
  "$caravel" node list 2>/dev/null | grep -q "bench-cli-$label" && break
  sleep 1
done

if [ -n "$serve_port" ]; then wait_port 127.0.0.1 "$serve_port" 60 "caravel serve"; fi

# time_once NAME COMMAND...: runs the command, appends its wall time in ms to NAME.ms.
time_once() {
  local name="$1"; shift
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null 2>> "$out/errors.log" || { echo "failed: $*" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 )) >> "$out/$name.ms"
}

round() {
  time_once docker-run docker run --rm --network none "$image" true
  time_once caravel-docker-run "$caravel" docker run --wait --id-only --network none --constraints "bench=$label" \
    "$image" -- true
  if [ -n "$bacalhau" ]; then
    time_once bacalhau-docker-run "$bacalhau" docker run --wait --id-only --network None "$registry_image" -- true
  fi
  if [ -n "$serve_port" ]; then
    time_once bacalhau-on-caravel-api env BACALHAU_API_HOST=127.0.0.1 BACALHAU_API_PORT="$serve_port" \
      BACALHAU_DIR="$bacalhau_home" HOME="$bacalhau_home" BACALHAU_UPDATECONFIG_INTERVAL=0 \
      "$bacalhau_cli" docker run --wait --id-only --network None --constraints "bench=$label" "$image" -- true
  fi
  time_once caravel-version "$caravel" version
  if [ -x "$temporal" ]; then time_once temporal-list "$temporal" workflow list --limit 1; fi
}

for _ in $(seq 1 "$warmup"); do round; done
rm -f "$out"/*.ms
for _ in $(seq 1 "$rounds"); do round; done

python3 - "$out" <<'PY'
import pathlib, statistics, sys
out = pathlib.Path(sys.argv[1])
def stats(name):
    xs = sorted(int(x) for x in (out / f"{name}.ms").read_text().split())
    return statistics.median(xs), xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))], len(xs)
base = stats("docker-run")[0]
print("| command | runs | median ms | p90 ms | median / docker run --rm |")
print("|---|---|---|---|---|")
for name, label in [("docker-run", "`docker run --rm --network none busybox true`"),
                    ("caravel-docker-run", "`caravel docker run --wait --id-only` (same container)"),
                    ("bacalhau-docker-run", "`bacalhau docker run --wait --id-only` (same container, from the local registry, on its own node)"),
                    ("bacalhau-on-caravel-api", "`bacalhau docker run --wait --id-only` against `caravel serve` (same container, Caravel's worker)"),
                    ("caravel-version", "`caravel version`"),
                    ("temporal-list", "`temporal workflow list --limit 1` (Temporal's Go CLI, one call)")]:
    if (out / f"{name}.ms").exists():
        med, p90, n = stats(name)
        print(f"| {label} | {n} | {med:.0f} | {p90} | {med / base:.2f}× |")
PY
