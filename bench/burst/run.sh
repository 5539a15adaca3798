#!/usr/bin/env bash
# A burst of trivial container jobs on one node, Caravel against Bacalhau in one run
# (docs/benchmarks.md): SIZES jobs (`true` in the busybox test image, network none) submitted at once,
# timed from the first submission to the last job's end.
# - Caravel: io.caravel.bench.burst.DockerBurstBenchmark (one client process submitting to the dev
#   server of scripts/temporal-dev.sh, one worker node with the detected capacity).
# - Bacalhau: its CLI submits the jobs (`bacalhau docker run --wait=false`, 8 at a time) to its own
#   orchestrator+compute node (scripts/bacalhau-dev.sh start); the end is read from its API. Bacalhau
#   resolves images at a registry, so the image is pushed to scripts/registry-dev.sh's registry first
#   (logged in for the run, logged out at the end). Skipped when no Bacalhau node answers.
# Build first: mvn -B -ntp -pl bench -am package -DskipTests. Run it alone on the machine.
# Arguments (optional): SIZES (40,400).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/bench/lib.sh"
sizes="${1:-40,400}"
java -cp "$root/bench/target/benchmarks.jar" io.caravel.bench.burst.DockerBurstBenchmark 127.0.0.1:7233 "$sizes"

bacalhau="${CARAVEL_BIN:-$HOME/go/bin}/bacalhau"
port="${BACALHAU_API_PORT:-1235}"
if [ ! -x "$bacalhau" ] || ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "bacalhau: no node on 127.0.0.1:$port (scripts/bacalhau-dev.sh start); its burst is skipped"
  exit 0
fi
trap bacalhau_image_done EXIT
image="$(bacalhau_image)"
BACALHAU_API_HOST=127.0.0.1 BACALHAU_API_PORT="$port" python3 - "$bacalhau" "$port" "$image" "$sizes" <<'PY'
import concurrent.futures, json, subprocess, sys, time, urllib.request
bacalhau, port, image, sizes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
def submit(_):
    out = subprocess.run([bacalhau, "docker", "run", "--wait=false", "--id-only", "--network", "None", image,
                          "--", "true"], capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1], time.monotonic()
def states(ids):
    url = f"http://127.0.0.1:{port}/api/v1/orchestrator/jobs?limit={2 * len(ids) + 50}"
    items = json.load(urllib.request.urlopen(url))["Items"]
    return {j["ID"]: j["State"]["StateType"] for j in items if j["ID"] in ids}
def burst(size):
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        submitted = dict(pool.map(submit, range(size)))
    ids = set(submitted)
    while True:
        s = states(ids)
        if len(s) == size and all(v in ("Completed", "Failed", "Stopped") for v in s.values()):
            break
        time.sleep(0.05)
    elapsed = time.monotonic() - start
    failed = [i for i, v in s.items() if v != "Completed"]
    if failed:
        raise SystemExit(f"bacalhau: {len(failed)} of {size} jobs did not complete")
    return elapsed
burst(4)
for size in map(int, sizes.split(",")):
    t = burst(size)
    print(f"bacalhau burst of {size} docker jobs: {t:.2f} s, {size / t:.1f} jobs/s")
PY
