#!/usr/bin/env bash
# A burst of trivial container jobs on one node, Caravel against Bacalhau in one run
# (docs/benchmarks.md): SIZES jobs (`true` in the busybox test image, network none, each asking the
# default 500m CPU and 512 MB in both) submitted at once, timed from the first submission to the last
# job's end. Each burst waits at most LIMIT seconds; the lines give completed and failed counts.
# - Caravel: io.caravel.bench.burst.DockerBurstBenchmark (one client process, one worker node with the
#   detected capacity: 2 CPUs take 4 such jobs at once) on a dev server of its own (in memory, the flags
#   of scripts/temporal-dev.sh, on PORT), so that no other worker takes its jobs; stopped at the end.
# - Bacalhau: its CLI submits the jobs (`bacalhau docker run --wait=false`, 8 at a time) to its own
#   orchestrator+compute node (scripts/bacalhau-dev.sh start; it offers 80% of the CPUs: 1.6 of 2 take 3
#   such jobs at once). Each job of the burst is then asked for by ID until all are terminal
#   (Completed, Failed, Stopped...) or LIMIT has passed; the end is the last job's ModifyTime. Bacalhau
#   resolves images at a registry, so the image is pushed to scripts/registry-dev.sh's registry first
#   (logged in for the run, logged out at the end). Skipped when no Bacalhau node answers. For a
#   measured run start it fresh: scripts/bacalhau-dev.sh stop; rm -rf ~/.caravel/bacalhau; ... start.
# Build first: mvn -B -ntp -pl bench -am package -DskipTests. Run it alone on the machine.
# Each Caravel burst is followed by the CPU seconds that this JVM (worker and client), the Temporal
# server, dockerd, containerd and the whole machine (runc, shims and the kernel included) used.
# First, the same containers through Docker's API alone, 4 at a time, with no orchestrator: the
# ceiling on this machine (io.caravel.bench.burst.DockerAloneBenchmark), with the same CPU figures.
# Before the timed bursts, Caravel's worker runs a warm-up burst of BURST_WARMUP jobs (default 40; its
# figure is printed as the fresh worker's): a worker in service is warm, and Bacalhau's node is a
# running process.
# BURST_JAVA_OPTS are given to the benchmark's JVM (the worker's), e.g. -XX:TieredStopAtLevel=1.
# CARAVEL_CLAIMS_AHEAD sets the node's claimsAhead (docs/configuration.md; 0 takes no claim ahead).
# Arguments (optional): SIZES (40,400), PORT (7810), LIMIT (600). With BURST_STEPS=N, each Caravel burst
# of at most N jobs is followed by its step table (bench/burst/steps.py, read before the server stops).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/bench/lib.sh"
sizes="${1:-40,400}"
port="${2:-7810}"
limit="${3:-600}"
temporal="$(command -v temporal || echo "$HOME/go/bin/temporal")"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "port $port is taken; pass a free PORT for the benchmark's own dev server" >&2
  exit 1
fi
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  bacalhau_image_done
  rm -rf "$work"
}
trap cleanup EXIT
"$temporal" server start-dev --ip 127.0.0.1 --port "$port" --ui-port $((port + 1000)) --headless \
  --log-level warn --search-attribute CaravelJobState=Keyword --search-attribute CaravelJobType=Keyword \
  --search-attribute CaravelNamespace=Keyword --search-attribute CaravelJobName=Keyword \
  --dynamic-config-value history.transferProcessorMaxPollRPS=1000 > "$work/temporal.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The container runtime alone, the ceiling of any orchestrator here (DockerAloneBenchmark).
for size in ${sizes//,/ }; do
  java -cp "$root/bench/target/benchmarks.jar" io.caravel.bench.burst.DockerAloneBenchmark "$size" 4 \
    2> "$work/alone.err" | grep '^docker alone' || {
    echo "docker alone: the benchmark failed; its last lines:" >&2; tail -20 "$work/alone.err" >&2; }
done
for size in ${sizes//,/ }; do
  # One benchmark process (and worker) per size, so that the step table of each burst can be read.
  java ${BURST_JAVA_OPTS:-} -cp "$root/bench/target/benchmarks.jar" io.caravel.bench.burst.DockerBurstBenchmark \
    "127.0.0.1:$port" "$size" "$limit" 2> "$work/caravel.err" | grep '^caravel \(warm-up \)\?burst' || {
    echo "caravel: the benchmark failed; its last lines:" >&2; tail -20 "$work/caravel.err" >&2; }
  if [ "$size" -le "${BURST_STEPS:-0}" ]; then
    # Where this burst's jobs spent their time (bench/burst/steps.py), read from their histories.
    python3 "$root/bench/burst/steps.py" "127.0.0.1:$port" "$size" || true
  fi
done
kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""
echo "load average between: $(cut -d' ' -f1-3 /proc/loadavg)"

bacalhau="${CARAVEL_BIN:-$HOME/go/bin}/bacalhau"
bport="${BACALHAU_API_PORT:-1235}"
if [ ! -x "$bacalhau" ] || ! (exec 3<>"/dev/tcp/127.0.0.1/$bport") 2>/dev/null; then
  echo "bacalhau: no node on 127.0.0.1:$bport (scripts/bacalhau-dev.sh start); its burst is skipped"
  exit 0
fi
image="$(bacalhau_image)"
BACALHAU_API_HOST=127.0.0.1 BACALHAU_API_PORT="$bport" python3 - "$bacalhau" "$bport" "$image" "$sizes" "$limit" <<'PY'
import collections, concurrent.futures, json, re, subprocess, sys, time, urllib.request
bacalhau, port, image, sizes, limit = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
TERMINAL = {"Completed", "Failed", "Stopped"}
JOB_ID = re.compile(r"^j-[0-9a-f-]{36}$", re.M)
def submit(_):
    # The CLI may print more than the ID on stdout (a failed update check): the ID is the line that is one.
    out = subprocess.run([bacalhau, "docker", "run", "--wait=false", "--id-only", "--network", "None", image,
                          "--", "true"], capture_output=True, text=True, check=True)
    found = JOB_ID.findall(out.stdout)
    if len(found) != 1:
        raise SystemExit(f"bacalhau docker run printed no job ID: {out.stdout!r} {out.stderr!r}")
    return found[0]
def job(i):
    return json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/orchestrator/jobs/{i}"))["Job"]
def burst(size):
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(submit, range(size)))
    ended = {}  # ID -> (state, ModifyTime in seconds)
    while len(ended) < size and time.time() - start < limit:
        for i in ids:
            if i not in ended:
                j = job(i)
                state = j["State"]["StateType"]
                if state in TERMINAL:
                    ended[i] = (state, j["ModifyTime"] / 1e9)
        if len(ended) < size:
            time.sleep(0.1)
    last = max((t for _, t in ended.values()), default=start) if len(ended) == size else time.time()
    counts = collections.Counter(s for s, _ in ended.values())
    completed = counts.get("Completed", 0)
    return last - start, completed, len(ended) - completed, size - len(ended)
burst(4)
for size in map(int, sizes.split(",")):
    t, completed, failed, unfinished = burst(size)
    print(f"bacalhau burst of {size} docker jobs: {t:.2f} s, {size / t:.1f} jobs/s, {completed} completed, "
          f"{failed} failed, {unfinished} not ended in {limit:.0f} s", flush=True)
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
