#!/usr/bin/env python3
# Where the jobs of a burst spent their time, from their Temporal histories: usage
# bench/burst/steps.py HOST:PORT N (the N newest JobWorkflow runs on that server). Prints when each step
# began and ended (median, ms after the workflow started), the claims retried, the jobs placed more than
# once (a claim taken ahead of room that got none in time, or a lost node), the gap between a claim
# and its Execute, and how long the node ran 0, 1, 2... executions at once over the burst.
import json, os, shutil, subprocess, sys, statistics
from datetime import datetime
addr = sys.argv[1]; n = int(sys.argv[2])
T = os.environ.get("TEMPORAL", shutil.which("temporal") or os.path.expanduser("~/go/bin/temporal"))
lst = json.loads(subprocess.run([T, "workflow", "list", "--address", addr, "--limit", str(n), "-o", "json", "--query", "WorkflowType='JobWorkflow'"], capture_output=True, text=True, check=True).stdout)
def ts(s): return datetime.fromisoformat(s.replace("Z", "+00:00")[:26] + "+00:00" if "." in s else s.replace("Z", "+00:00")).timestamp()
rows = []; intervals = []; placed_again = 0
for w in lst:
    wid = w["execution"]["workflowId"]
    h = json.loads(subprocess.run([T, "workflow", "show", "--address", addr, "-w", wid, "-o", "json"], capture_output=True, text=True, check=True).stdout)
    ev = h["events"]
    t0 = ts(ev[0]["eventTime"]); sched = {}; marks = {}
    wft = 0; attempts = {}; claims = 0
    for e in ev:
        t = ts(e["eventTime"]) - t0; et = e["eventType"]
        if et.endswith("WORKFLOW_TASK_COMPLETED") or et == "WorkflowTaskCompleted": wft += 1
        a = e.get("activityTaskScheduledEventAttributes")
        if a: sched[e["eventId"]] = a["activityType"]["name"]; marks.setdefault(a["activityType"]["name"] + ".sched", t); claims += a["activityType"]["name"] == "Claim"
        a = e.get("activityTaskStartedEventAttributes")
        if a: n_ = sched[a["scheduledEventId"]]; marks.setdefault(n_ + ".start", t); attempts[n_] = a.get("attempt", 1)
        a = e.get("activityTaskCompletedEventAttributes")
        if a: marks[sched[a["scheduledEventId"]] + ".done"] = t
        if "workflowExecutionCompletedEventAttributes" in e: marks["end"] = t
    rows.append((marks, wft, attempts)); placed_again += claims > 1
    if "Execute.start" in marks: intervals.append((t0 + marks["Execute.start"], t0 + marks["Execute.done"]))
def med(k):
    v = [m[k] for m, _, _ in rows if k in m]
    return f"{statistics.median(v)*1000:.0f}" if v else "-"
keys = sorted({k for m, _, _ in rows for k in m}, key=lambda k: statistics.median([m[k] for m, _, _ in rows if k in m]))
for k in keys: print(f"{k:28s} median {med(k)} ms after start")
print("claim attempts >1:", sum(1 for _, _, a in rows if a.get("Claim", 1) > 1), "wft median", statistics.median([w for _, w, _ in rows]))
# A job claimed more than once: a claim taken ahead of room that got none in time, or a lost node.
print("jobs placed more than once:", placed_again)
d = [m["Execute.done"] - m["Execute.start"] for m, _, _ in rows if "Execute.done" in m]
print("execute duration median %.0f ms" % (statistics.median(d) * 1000))
gap = [m["Execute.start"] - m["Claim.done"] for m, _, _ in rows if "Claim.done" in m and "Execute.start" in m]
print("claim done -> execute start median %.0f ms" % (statistics.median(gap) * 1000))
tail = [m["end"] - m["Execute.done"] for m, _, _ in rows if "end" in m and "Execute.done" in m]
print("execute done -> end median %.0f ms" % (statistics.median(tail) * 1000))
# concurrency of Execute over the burst
pts = sorted([(s, 1) for s, e in intervals] + [(e, -1) for s, e in intervals])
start = pts[0][0]; end = pts[-1][0]; c = 0; last = start; busy = {}
for t, d_ in pts:
    busy[c] = busy.get(c, 0) + (t - last); c += d_; last = t
print("span of executes %.2f s; time at each concurrency:" % (end - start), {k: round(v, 2) for k, v in sorted(busy.items())})
