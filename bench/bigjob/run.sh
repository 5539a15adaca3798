#!/usr/bin/env bash
# One noop batch job with many partitions (docs/benchmarks.md, "One job with many partitions"), on the
# dev server of scripts/temporal-dev.sh with one worker process (noop engine) in a namespace of its
# own: the time from submission to the job's end, the history of the job's workflow and of its largest
# chunk (events, bytes), then, on a second job of the same Count while it runs, how long
# `caravel job describe` (JVM start included) and `caravel job stop` take, and that no chunk runs after
# the stop. Build first: mvn -B -ntp -pl cli -am package -DskipTests.
# Arguments (optional): COUNT (10000). Environment: WORKER_XMX (1g).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
count="${1:-10000}"
address="${CARAVEL_TEST_TEMPORAL_ADDRESS:-127.0.0.1:7233}"
ns="caravel-bigjob-$(date +%s)"
caravel="$root/bin/caravel"
work="$(mktemp -d)"
worker_pid=""
cleanup() {
  [ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null && wait "$worker_pid" 2>/dev/null || true
  temporal operator namespace delete --address "$address" --namespace "$ns" --yes >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

temporal operator namespace create --address "$address" --namespace "$ns" --retention 24h >/dev/null
for _ in $(seq 100); do
  temporal operator namespace describe --address "$address" --namespace "$ns" >/dev/null 2>&1 && break
  sleep 0.2
done
JAVA_TOOL_OPTIONS="-Xmx${WORKER_XMX:-1g}" "$caravel" worker --temporal-address="$address" --namespace="$ns" \
  --engines=noop --node-id=bigjob --storage-dir="$work/storage" --results-port=0 \
  --capacity-cpu=64 --capacity-memory=256Gi --capacity-disk=1Ti >"$work/worker.log" 2>&1 &
worker_pid=$!
for _ in $(seq 300); do
  "$caravel" --namespace "$ns" node list 2>/dev/null | grep -q bigjob && break
  sleep 0.5
done

spec() {
  cat <<YAML
Name: bigjob-$1
Type: batch
Count: $count
Tasks:
  - Name: main
    Engine:
      Type: noop
      Params:
        Sleep: $2
YAML
}
status() { # UNKNOWN while the server does not answer (a loaded machine)
  temporal workflow describe --address "$address" --namespace "$ns" -w "$1" -o json 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["workflowExecutionInfo"]["status"])' 2>/dev/null \
    || echo UNKNOWN
}
history() { # events and bytes of one workflow's history
  temporal workflow describe --address "$address" --namespace "$ns" -w "$1" -o json | python3 -c '
import json,sys; i=json.load(sys.stdin)["workflowExecutionInfo"]
print(i["historyLength"], i.get("historySizeBytes", "?"))'
}
now() { date +%s.%N; }

start=$(now)
id=$(spec run 0 | "$caravel" --namespace "$ns" job run --wait=false -)
while [[ "$(status "$id")" =~ ^(WORKFLOW_EXECUTION_STATUS_RUNNING|UNKNOWN)$ ]]; do sleep 1; done
end=$(now)
echo "Count $count: $(status "$id") in $(python3 -c "print(round($end - $start, 1))") s"
read -r events bytes < <(history "$id")
echo "job workflow history: $events events, $bytes bytes"
chunks=$(( (count + 499) / 500 ))
largest_events=0; largest_bytes=0
for c in $(seq 0 $((chunks - 1))); do
  read -r e b < <(history "$id-chunk-$c")
  if [ "$e" -gt "$largest_events" ]; then largest_events=$e; largest_bytes=$b; fi
done
echo "largest chunk history ($chunks chunks): $largest_events events, $largest_bytes bytes"
echo "worker RSS: $(ps -o rss= -p "$worker_pid" | awk '{printf "%d MB", $1 / 1024}')"
t=$(now); "$caravel" --namespace "$ns" job describe "$id" >"$work/describe.txt"; d=$(now)
echo "describe of the completed job: $(python3 -c "print(round($d - $t, 2))") s, $(wc -l <"$work/describe.txt") lines, $(wc -c <"$work/describe.txt") bytes"
grep -A3 '^Summary' "$work/describe.txt"

id2=$(spec stop 3600 | "$caravel" --namespace "$ns" job run --wait=false -)
for _ in $(seq 600); do
  "$caravel" --namespace "$ns" --output json job describe --limit 1 "$id2" \
    | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["Summary"].get("Running",0) >= 100 else 1)' && break
  sleep 1
done
t=$(now); "$caravel" --namespace "$ns" job describe "$id2" >"$work/describe2.txt"; d=$(now)
echo "describe while running: $(python3 -c "print(round($d - $t, 2))") s, $(wc -l <"$work/describe2.txt") lines"
grep -A3 '^Summary' "$work/describe2.txt"
t=$(now); "$caravel" --namespace "$ns" job stop "$id2"; d=$(now)
echo "stop while running: $(python3 -c "print(round($d - $t, 2))") s"
running=$(temporal workflow list --address "$address" --namespace "$ns" \
  --query "WorkflowType='JobChunkWorkflow' AND ExecutionStatus='Running'" -o json | python3 -c 'import json,sys; print(len(json.load(sys.stdin) or []))')
echo "chunk workflows still running after the stop: $running"
"$caravel" --namespace "$ns" --output json job describe --limit 1 "$id2" | python3 -c 'import json,sys; print("summary after the stop:", json.load(sys.stdin)["Summary"])'
